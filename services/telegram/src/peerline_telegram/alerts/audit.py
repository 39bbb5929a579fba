"""The alerts' audit trail: who drafted, approved or cancelled an alert, and when sending ended.

Chained with the project's one primitive (`peerline_shared.audit_chain`) and stored as every
chain with a head row is (`peerline_shared.audit_store`), like the content audit of channel
posts in the gateway: each record's hash covers its content and the previous record's hash,
the head row names the last record, and appenders queue on its lock until the caller commits."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from peerline_shared import audit_store
from peerline_shared.audit_chain import ChainProblem, ChainRecord
from peerline_telegram.alerts.models import AlertAuditEntry, AlertAuditHead


async def append(
    session: AsyncSession,
    *,
    alert_id: uuid.UUID,
    action: str,
    actor_id: uuid.UUID | None,
    actor_alias: str,
    at: datetime,
    detail: dict[str, Any],
) -> AlertAuditEntry:
    link = await audit_store.next_link(session, AlertAuditHead)
    entry = AlertAuditEntry(
        id=link.sequence,
        alert_id=alert_id,
        action=action,
        actor_id=actor_id,
        actor_alias=actor_alias,
        at=at,
        detail=detail,
        previous_hash=link.previous_hash,
    )
    entry.record_hash = link.seal(entry.content())
    session.add(entry)
    await session.flush()
    return entry


async def verify(session: AsyncSession) -> tuple[int, list[ChainProblem]]:
    """(number of records, problems): every record's hash and link, and the head. None: intact.
    In a `snapshot` session where alerts may be changing (the CLI and the console's query)."""
    entries = select(AlertAuditEntry).order_by(AlertAuditEntry.id)
    return await audit_store.verify_stored(session, AlertAuditHead, entries, _as_record)


def _as_record(entry: AlertAuditEntry) -> ChainRecord:
    return ChainRecord(entry.id, entry.content(), entry.previous_hash, entry.record_hash)
