"""Queries on the identity map; nobody else touches the table."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from peerline_telegram.identity.models import IdentityEntry


class IdentityRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    @classmethod
    def from_session(cls, session: AsyncSession) -> IdentityRepository:
        return cls(session)

    async def get(self, *, client_id: str) -> IdentityEntry | None:
        return await self.session.get(IdentityEntry, client_id)

    async def create(self, entry: IdentityEntry) -> IdentityEntry:
        self.session.add(entry)
        await self.session.flush()
        return entry

    async def delete(self, *, client_id: str) -> bool:
        result = await self.session.execute(
            delete(IdentityEntry).where(IdentityEntry.client_id == client_id)
        )
        return bool(getattr(result, "rowcount", 0))

    async def mark_alerts_offered(self, *, client_id: str, at: datetime) -> bool:
        """True only for the call that set it (the offer goes once)."""
        result = await self.session.execute(
            update(IdentityEntry)
            .where(IdentityEntry.client_id == client_id, IdentityEntry.alerts_offered_at.is_(None))
            .values(alerts_offered_at=at)
        )
        return getattr(result, "rowcount", 0) == 1
    async def mark_place_offered(self, *, client_id: str, at: datetime) -> bool:
        """True for the one caller that marks a client not yet asked and not placed (replicas
        and workers may race for it)."""
        result = await self.session.execute(
            update(IdentityEntry)
            .where(IdentityEntry.client_id == client_id, IdentityEntry.place_offered_at.is_(None),
                   IdentityEntry.place_ciphertext.is_(None))
            .values(place_offered_at=at)
        )
        return bool(getattr(result, "rowcount", 0))

    async def list_client_ids(self) -> list[str]:
        return list((await self.session.scalars(select(IdentityEntry.client_id))).all())
