"""The alerts' audit trail: who drafted, approved or cancelled an alert, and when sending ended.

Chained with the project's one primitive (`peerline_shared.audit_chain`), as the conversations'
audit in notifications and the content audit in the gateway: each record's hash covers its
content and the previous record's hash, and the head row names the last record.

Appends are serialised on the head row until the caller commits: an UPDATE that changes nothing
takes its row lock on PostgreSQL and the database's write lock on SQLite before the head is
read. The unique `previous_hash` is the last guard against a fork."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from peerline_shared.audit_chain import ChainPoint, ChainProblem, ChainRecord, record_hash, verify_chain
from peerline_telegram.alerts.models import AlertAuditEntry, AlertAuditHead

HEAD_ID = 1


class AuditHeadMissing(RuntimeError):
    """The head row is written by migration 0005; run `peerline telegram migrate`."""


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
    head = await _locked_head(session)
    entry = AlertAuditEntry(
        id=head.sequence + 1,
        alert_id=alert_id,
        action=action,
        actor_id=actor_id,
        actor_alias=actor_alias,
        at=at,
        detail=detail,
        previous_hash=head.record_hash,
    )
    entry.record_hash = record_hash(entry.previous_hash, entry.content())
    head.sequence, head.record_hash = entry.id, entry.record_hash
    session.add(entry)
    await session.flush()
    return entry


async def verify(session: AsyncSession) -> tuple[int, list[ChainProblem]]:
    """(number of records, problems): every record's hash and link, and the head. None: intact."""
    head = await session.get(AlertAuditHead, HEAD_ID)
    entries = (await session.execute(select(AlertAuditEntry).order_by(AlertAuditEntry.id))).scalars()
    records = [ChainRecord(entry.id, entry.content(), entry.previous_hash, entry.record_hash)
               for entry in entries]
    end = ChainPoint(head.sequence, head.record_hash) if head is not None else None
    return len(records), verify_chain(records, head=end)


async def _locked_head(session: AsyncSession) -> AlertAuditHead:
    await session.execute(
        update(AlertAuditHead).where(AlertAuditHead.id == HEAD_ID).values(sequence=AlertAuditHead.sequence)
    )
    head = (await session.execute(
        select(AlertAuditHead).where(AlertAuditHead.id == HEAD_ID).execution_options(populate_existing=True)
    )).scalar_one_or_none()
    if head is None:
        raise AuditHeadMissing("telegram_alert_audit_head has no row; run the migrations")
    return head
