"""The content audit: who created, published, changed or deleted which post, on which channel.

Append-only and chained like every audit here (`peerline_shared.audit_chain`), stored as every
chain with a head row is (`peerline_shared.audit_store`): each record's hash covers its content
and the previous record's hash, the head row names the last record, and appenders queue on its
lock until the caller commits. Kept in the gateway, which owns posts; conversations' audit
stays in notifications."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from peerline_gateway.posts.models import ContentAuditEntry, ContentAuditHead
from peerline_shared import audit_store
from peerline_shared.audit_chain import ChainProblem, ChainRecord
from peerline_shared.db import unit_of_work
from peerline_shared.events import utc_now

ATTEMPTS = 3
T = TypeVar("T")


async def record(session: AsyncSession, *, actor_id: str, actor_alias: str, action: str,
                 post_id: uuid.UUID | None = None, **detail: Any) -> None:
    """Append one record in the caller's transaction (the head stays locked until it commits)."""
    link = await audit_store.next_link(session, ContentAuditHead)
    entry = ContentAuditEntry(
        sequence=link.sequence, at=utc_now(), actor_id=actor_id, actor_alias=actor_alias, action=action,
        post_id=post_id, detail=detail, previous_hash=link.previous_hash,
    )
    entry.record_hash = link.seal(entry.content())
    session.add(entry)
    await session.flush()


async def list_entries(session: AsyncSession, *, post_id: uuid.UUID | None = None,
                       limit: int = 200) -> Sequence[ContentAuditEntry]:
    query = select(ContentAuditEntry).order_by(ContentAuditEntry.sequence.desc()).limit(limit)
    if post_id is not None:
        query = query.where(ContentAuditEntry.post_id == post_id)
    return (await session.execute(query)).scalars().all()


async def verify(session: AsyncSession) -> tuple[int, list[ChainProblem]]:
    """(number of records, problems): every record's hash and link, and the head. None: intact.
    In a `snapshot` session where posts may be changing (the CLI and the console's page)."""
    entries = select(ContentAuditEntry).order_by(ContentAuditEntry.sequence)
    return await audit_store.verify_stored(session, ContentAuditHead, entries, _as_record)


def _as_record(entry: ContentAuditEntry) -> ChainRecord:
    return ChainRecord(entry.sequence, entry.content(), entry.previous_hash, entry.record_hash)


async def audited(sessions: async_sessionmaker[AsyncSession],
                  work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """`work` in one transaction, run again (whole) should another writer have extended the
    audit chain first after all (the head's lock makes it wait; `previous_hash` is unique, the
    last guard): two saves at the same instant both land."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            async with unit_of_work(sessions) as session:
                return await work(session)
        except IntegrityError:
            if attempt == ATTEMPTS:
                raise
    raise AssertionError("unreachable")
