"""Queries over consultants, shifts and conversation load (nobody else writes SQL for them)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from peerline_directory.consultants.models import (
    Consultant,
    ConsultantActivity,
    OpenConversation,
    ProcessedEvent,
    ShiftOverride,
    ShiftSlot,
)


@dataclass
class ConsultantRepository:
    session: AsyncSession

    @classmethod
    def from_session(cls, session: AsyncSession) -> ConsultantRepository:
        return cls(session)

    async def get(self, consultant_id: uuid.UUID) -> Consultant | None:
        return await self.session.get(Consultant, consultant_id)

    async def get_by_alias(self, alias: str) -> Consultant | None:
        found = await self.session.execute(select(Consultant).where(Consultant.alias == alias))
        return found.scalar_one_or_none()

    async def get_by_telegram_user(self, telegram_user_id: str) -> Sequence[Consultant]:
        query = select(Consultant).where(Consultant.telegram_user_id == telegram_user_id)
        return (await self.session.execute(query)).scalars().all()

    async def list_linked_to_telegram(self) -> Sequence[Consultant]:
        query = select(Consultant).where(Consultant.active, Consultant.telegram_user_id.is_not(None))
        return (await self.session.execute(query)).scalars().all()

    async def list_consultants(self, *, active_only: bool = False) -> Sequence[Consultant]:
        query = select(Consultant).order_by(Consultant.alias)
        if active_only:
            query = query.where(Consultant.active)
        return (await self.session.execute(query)).scalars().all()

    async def create(self, consultant: Consultant) -> Consultant:
        self.session.add(consultant)
        await self.session.flush()
        return consultant

    async def list_slots(self, *, consultant_id: uuid.UUID | None = None) -> Sequence[ShiftSlot]:
        query = select(ShiftSlot).order_by(ShiftSlot.weekday, ShiftSlot.starts)
        if consultant_id is not None:
            query = query.where(ShiftSlot.consultant_id == consultant_id)
        return (await self.session.execute(query)).scalars().all()

    async def add_slot(self, *, consultant_id: uuid.UUID, weekday: int, starts: time, ends: time,
                       now: datetime) -> ShiftSlot:
        slot = ShiftSlot(consultant_id=consultant_id, weekday=weekday, starts=starts, ends=ends,
                         created_at=now)
        self.session.add(slot)
        await self.session.flush()
        return slot

    async def list_overrides(self, *, consultant_id: uuid.UUID | None = None,
                             ending_after: datetime | None = None) -> Sequence[ShiftOverride]:
        query = select(ShiftOverride).order_by(ShiftOverride.starts_local)
        if consultant_id is not None:
            query = query.where(ShiftOverride.consultant_id == consultant_id)
        if ending_after is not None:
            query = query.where(ShiftOverride.ends_local > ending_after)
        return (await self.session.execute(query)).scalars().all()

    async def add_override(self, *, consultant_id: uuid.UUID, kind: str, starts_local: datetime,
                           ends_local: datetime, now: datetime) -> ShiftOverride:
        override = ShiftOverride(consultant_id=consultant_id, kind=kind, starts_local=starts_local,
                                 ends_local=ends_local, created_at=now)
        self.session.add(override)
        await self.session.flush()
        return override

    async def delete_slot(self, slot_id: uuid.UUID) -> bool:
        result = await self.session.execute(delete(ShiftSlot).where(ShiftSlot.id == slot_id))
        return bool(getattr(result, "rowcount", 0))

    async def delete_override(self, override_id: uuid.UUID) -> bool:
        result = await self.session.execute(delete(ShiftOverride).where(ShiftOverride.id == override_id))
        return bool(getattr(result, "rowcount", 0))


@dataclass
class LoadRepository:
    """Who holds which conversation, and the consumer's inbox of processed events."""

    session: AsyncSession

    async def already_processed(self, consumer: str, event_id: uuid.UUID) -> bool:
        return await self.session.get(ProcessedEvent, (consumer, str(event_id))) is not None

    async def mark_processed(self, consumer: str, event_id: uuid.UUID, now: datetime) -> None:
        self.session.add(ProcessedEvent(consumer=consumer, event_id=str(event_id), processed_at=now))

    async def get_open(self, conversation_id: uuid.UUID) -> OpenConversation | None:
        return await self.session.get(OpenConversation, conversation_id)

    async def set_holder(self, conversation_id: uuid.UUID, consultant_id: uuid.UUID | None,
                         at: datetime) -> None:
        row = await self.get_open(conversation_id)
        if row is None:
            self.session.add(OpenConversation(conversation_id=conversation_id,
                                              consultant_id=consultant_id, last_event_at=at))
            return
        row.consultant_id = consultant_id
        row.last_event_at = at

    async def touch_activity(self, consultant_id: uuid.UUID, at: datetime) -> None:
        row = await self.session.get(ConsultantActivity, consultant_id)
        if row is None:
            self.session.add(ConsultantActivity(consultant_id=consultant_id, last_assigned_at=at))
        elif row.last_assigned_at < at:
            row.last_assigned_at = at

    async def load_counts(self) -> dict[uuid.UUID, int]:
        query = (select(OpenConversation.consultant_id, func.count())
                 .where(OpenConversation.consultant_id.is_not(None))
                 .group_by(OpenConversation.consultant_id))
        rows = (await self.session.execute(query)).all()
        return {holder: count for holder, count in rows if holder is not None}

    async def last_assigned(self) -> dict[uuid.UUID, datetime]:
        rows = await self.session.execute(select(ConsultantActivity))
        return {row.consultant_id: row.last_assigned_at for row in rows.scalars()}
