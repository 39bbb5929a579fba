"""A client's recent urgencies, in Redis with a TTL: the conversation context for triage."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import cast

from redis.asyncio import Redis

from peerline_triage.classifier import URGENCY_LEVELS, Urgency

MAX_REMEMBERED = 10
SEPARATOR = ","
"""Between a client's urgencies in `list_many`'s answer (no urgency contains it)."""

# A batch's context in one command each way, not one to four a message: at a few hundred
# messages a second redis-py's per-command work (packing, the pipeline's bookkeeping, MULTI
# and EXEC) took about a third of the handler's time in a cProfile (docs/benchmarks.md).
# Each client's list comes back as one string: one element a client, not one an urgency.
LIST_MANY = """
local found = {}
for index, key in ipairs(KEYS) do
  found[index] = table.concat(redis.call('LRANGE', key, 0, tonumber(ARGV[1]) - 1), ARGV[2])
end
return found
"""
# Atomic like the MULTI it replaces; KEYS may repeat (a client's messages, in order).
REMEMBER_MANY = """
local keep, ttl = tonumber(ARGV[1]) - 1, tonumber(ARGV[2])
for index, key in ipairs(KEYS) do
  redis.call('LPUSH', key, ARGV[index + 2])
  redis.call('LTRIM', key, 0, keep)
  redis.call('EXPIRE', key, ttl)
end
return #KEYS
"""


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
        """Several clients' recent urgencies in one command (a batch of messages)."""
        wanted = list(dict.fromkeys(client_ids))
        if not wanted:
            return {}
        found = await self.redis.register_script(LIST_MANY)(
            keys=[self._key(client_id) for client_id in wanted], args=[MAX_REMEMBERED, SEPARATOR]
        )
        return {
            client_id: [cast(Urgency, value) for value in joined.split(SEPARATOR) if value in URGENCY_LEVELS]
            for client_id, joined in zip(wanted, found, strict=True)
        }

    async def remember_many(self, urgencies: Sequence[tuple[str, Urgency]]) -> None:
        """`remember` for each (client, urgency) in order, in one command."""
        if not urgencies:
            return
        await self.redis.register_script(REMEMBER_MANY)(
            keys=[self._key(client_id) for client_id, _ in urgencies],
            args=[MAX_REMEMBERED, self.ttl_seconds, *(urgency for _, urgency in urgencies)],
        )

    async def forget(self, client_id: str) -> None:
        await self.redis.delete(self._key(client_id))
