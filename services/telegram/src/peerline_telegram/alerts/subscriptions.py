"""The bot's side of alerts: subscribe for a place, stop, see the current place."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from peerline_shared.db import unit_of_work
from peerline_telegram.alerts import service
from peerline_telegram.alerts.domain import Place


class SubscriptionDesk:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions

    async def subscribe(self, client_id: str, place: Place, lang: str) -> None:
        async with unit_of_work(self.sessions) as session:
            await service.subscribe(session, client_id=client_id, place=place, lang=lang)

    async def stop(self, client_id: str) -> bool:
        async with unit_of_work(self.sessions) as session:
            return await service.unsubscribe(session, client_id=client_id)

    async def place_of(self, client_id: str) -> Place | None:
        async with self.sessions() as session:
            found = await service.subscription_of(session, client_id=client_id)
        return None if found is None else Place(found.country, found.region)
