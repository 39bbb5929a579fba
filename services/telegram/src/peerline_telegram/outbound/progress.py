"""How many parts of an outbound message were sent, so a redelivery sends only the rest."""

from __future__ import annotations

import uuid

from redis.asyncio import Redis

TTL_S = 3 * 24 * 3600


class SendProgress:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    async def parts_sent(self, event_id: uuid.UUID) -> int:
        value = await self.redis.get(self._key(event_id))
        return int(value or 0)

    async def record(self, event_id: uuid.UUID, parts_sent: int) -> None:
        await self.redis.set(self._key(event_id), parts_sent, ex=TTL_S)

    @staticmethod
    def _key(event_id: uuid.UUID) -> str:
        return f"telegram:sent:{event_id}"
