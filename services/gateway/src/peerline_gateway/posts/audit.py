"""The content audit: who created, published, changed or deleted which post, on which channel.

Append-only and chained: each record's hash covers its fields and the previous record's hash,
so a changed or removed record shows (`verify_chain`). Kept in the gateway, which owns posts;
conversations' audit stays in notifications."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from peerline_gateway.posts.models import ContentAuditEntry
from peerline_shared.audit_chain import GENESIS_HASH, record_hash
from peerline_shared.db import unit_of_work
from peerline_shared.events import utc_now

ATTEMPTS = 3
CHAIN_LOCK = 0x5045_4C4E_4553  # "PELNES": the content audit chain's advisory lock key
T = TypeVar("T")


def entry_hash(previous_hash: str, *, at: datetime, actor_id: str, action: str,
               post_id: uuid.UUID | None, detail: dict[str, Any]) -> str:
    content = {"at": at, "actor_id": actor_id, "action": action, "post_id": post_id, "detail": detail}
    return record_hash(previous_hash, content)


async def record(session: AsyncSession, *, actor_id: str, actor_alias: str, action: str,
                 post_id: uuid.UUID | None = None, **detail: Any) -> None:
    """Append one record in the caller's transaction. Writers are serialised until commit,
    so each reads the true last record: PostgreSQL by a transaction-scoped advisory lock,
    SQLite by a write that changes nothing (it takes the database's write lock before the
    read; a plain read would not even open the transaction). The unique `previous` is the
    last guard."""
    if session.get_bind().dialect.name == "sqlite":
        await session.execute(text("UPDATE gateway_content_audit SET previous = previous WHERE 0"))
    else:
        await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK})
    last = (await session.execute(
        select(ContentAuditEntry).order_by(ContentAuditEntry.sequence.desc()).limit(1)
    )).scalar_one_or_none()
    previous, previous_hash = (last.sequence, last.record_hash) if last else (0, GENESIS_HASH)
    at = utc_now()
    session.add(ContentAuditEntry(
        sequence=previous + 1, previous=previous, at=at, actor_id=actor_id, actor_alias=actor_alias,
        action=action, post_id=post_id, detail=detail,
        record_hash=entry_hash(previous_hash, at=at, actor_id=actor_id, action=action,
                               post_id=post_id, detail=detail),
    ))
    await session.flush()


async def list_entries(session: AsyncSession, *, post_id: uuid.UUID | None = None,
                       limit: int = 200) -> Sequence[ContentAuditEntry]:
    query = select(ContentAuditEntry).order_by(ContentAuditEntry.sequence.desc()).limit(limit)
    if post_id is not None:
        query = query.where(ContentAuditEntry.post_id == post_id)
    return (await session.execute(query)).scalars().all()


async def verify_chain(session: AsyncSession) -> bool:
    query = select(ContentAuditEntry).order_by(ContentAuditEntry.sequence)
    entries = (await session.execute(query)).scalars()
    previous_hash, expected = GENESIS_HASH, 1
    for entry in entries:
        again = entry_hash(previous_hash, at=entry.at, actor_id=entry.actor_id, action=entry.action,
                           post_id=entry.post_id, detail=entry.detail)
        if entry.sequence != expected or again != entry.record_hash:
            return False
        previous_hash, expected = entry.record_hash, expected + 1
    return True


async def audited(sessions: async_sessionmaker[AsyncSession],
                  work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """`work` in one transaction, run again (whole) when another writer extended the audit
    chain first (its `previous` is unique): two saves at the same instant both land."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            async with unit_of_work(sessions) as session:
                return await work(session)
        except IntegrityError:
            if attempt == ATTEMPTS:
                raise
    raise AssertionError("unreachable")
