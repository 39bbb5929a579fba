"""Appending to and reading the audit chain."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from peerline_notifications.audit.chain import GENESIS_HASH, ChainRecord, record_hash
from peerline_notifications.audit.models import AuditEntry


class AuditRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def append(
        self,
        *,
        actor_id: str,
        actor_alias: str,
        action: str,
        conversation_id: uuid.UUID | None,
        at: datetime,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> AuditEntry:
        head = await self._head()
        entry = AuditEntry(
            sequence=(head.sequence + 1) if head else 1,
            actor_id=actor_id,
            actor_alias=actor_alias,
            action=action,
            conversation_id=conversation_id,
            at=at,
            before=before or {},
            after=after or {},
            previous_hash=head.record_hash if head else GENESIS_HASH,
        )
        entry.record_hash = record_hash(entry.previous_hash, entry.content())
        self.session.add(entry)
        await self.session.flush()
        return entry

    async def _head(self) -> AuditEntry | None:
        query = select(AuditEntry).order_by(AuditEntry.sequence.desc()).limit(1).with_for_update()
        return (await self.session.execute(query)).scalar_one_or_none()

    async def list_all(self) -> Sequence[AuditEntry]:
        return (await self.session.execute(select(AuditEntry).order_by(AuditEntry.sequence))).scalars().all()

    async def list_for_conversation(self, conversation_id: uuid.UUID) -> Sequence[AuditEntry]:
        query = select(AuditEntry).where(AuditEntry.conversation_id == conversation_id)
        return (await self.session.execute(query.order_by(AuditEntry.sequence))).scalars().all()


def as_chain_record(entry: AuditEntry) -> ChainRecord:
    return ChainRecord(entry.sequence, entry.content(), entry.previous_hash, entry.record_hash)
