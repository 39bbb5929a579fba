"""A client's recent urgencies, in Redis with a TTL: the conversation context for triage."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import cast

from redis.asyncio import Redis

from peerline_triage.classifier import URGENCY_LEVELS, Urgency

MAX_REMEMBERED = 10


class RecentUrgencies:
    def __init__(self, redis: Redis, ttl_seconds: int) -> None:
        self.redis = redis
        self.ttl_seconds = ttl_seconds

    @staticmethod
    def _key(client_id: str) -> str:
        return f"triage:recent:{client_id}"

    async def list(self, client_id: str) -> list[Urgency]:
        values = await self.redis.lrange(self._key(client_id), 0, MAX_REMEMBERED - 1)
        return [cast(Urgency, value) for value in values if value in URGENCY_LEVELS]

    async def remember(self, client_id: str, urgency: Urgency) -> None:
        key = self._key(client_id)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.lpush(key, urgency).ltrim(key, 0, MAX_REMEMBERED - 1).expire(key, self.ttl_seconds)
            await pipe.execute()

    async def list_many(self, client_ids: Iterable[str]) -> dict[str, Sequence[Urgency]]:
        """Several clients' recent urgencies in one round trip (a batch of messages)."""
        wanted = list(dict.fromkeys(client_ids))
        async with self.redis.pipeline(transaction=False) as pipe:
            for client_id in wanted:
                pipe.lrange(self._key(client_id), 0, MAX_REMEMBERED - 1)
            found = await pipe.execute()
        return {
            client_id: [value for value in values if value in URGENCY_LEVELS]
            for client_id, values in zip(wanted, found, strict=True)
        }

    async def remember_many(self, urgencies: Sequence[tuple[str, Urgency]]) -> None:
        """`remember` for each (client, urgency) in order, in one round trip."""
        if not urgencies:
            return
        async with self.redis.pipeline(transaction=True) as pipe:
            for client_id, urgency in urgencies:
                key = self._key(client_id)
                pipe.lpush(key, urgency)
                pipe.ltrim(key, 0, MAX_REMEMBERED - 1)
                pipe.expire(key, self.ttl_seconds)
            await pipe.execute()

    async def forget(self, client_id: str) -> None:
        await self.redis.delete(self._key(client_id))
