"""Queries over specialist kinds and specialists (nobody else writes SQL for them)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from peerline_directory.consultants.models import Consultant
from peerline_directory.specialists.models import Specialist, SpecialistKind


@dataclass
class SpecialistRepository:
    session: AsyncSession

    @classmethod
    def from_session(cls, session: AsyncSession) -> SpecialistRepository:
        return cls(session)

    async def list_kinds(self) -> Sequence[SpecialistKind]:
        query = select(SpecialistKind).order_by(SpecialistKind.key)
        return (await self.session.execute(query)).scalars().all()

    async def get_kind(self, key: str) -> SpecialistKind | None:
        return await self.session.get(SpecialistKind, key)

    async def add_kind(self, kind: SpecialistKind) -> None:
        self.session.add(kind)
        await self.session.flush()

    async def get(self, consultant_id: uuid.UUID) -> Specialist | None:
        return await self.session.get(Specialist, consultant_id)

    async def add(self, specialist: Specialist) -> None:
        self.session.add(specialist)
        await self.session.flush()

    async def delete(self, specialist: Specialist) -> None:
        await self.session.delete(specialist)
        await self.session.flush()

    async def list_active(self) -> Sequence[tuple[Specialist, Consultant]]:
        query = (select(Specialist, Consultant)
                 .join(Consultant, Consultant.id == Specialist.consultant_id)
                 .where(Consultant.active).order_by(Consultant.alias))
        return [(row[0], row[1]) for row in (await self.session.execute(query)).all()]
