"""Fixed-window rate limits in Redis, shared by every gateway process."""

from __future__ import annotations

import time
from dataclasses import dataclass

from redis.asyncio import Redis


@dataclass(frozen=True)
class Limit:
    name: str
    per_window: int
    window_seconds: int

    def key(self, subject: str, now: float) -> str:
        return f"ratelimit:{self.name}:{subject}:{int(now // self.window_seconds)}"


# Every counter counted and given its expiry in one command (atomic, like the MULTI, INCR,
# EXPIRE and EXEC it replaces): redis-py's work per command is most of a call's CPU, and this
# runs for every chat message (184 -> 97 µs a call, docs/benchmarks.md).
COUNT_USES = """
local counts = {}
for index, key in ipairs(KEYS) do
  counts[index] = redis.call('INCR', key)
  redis.call('EXPIRE', key, ARGV[index])
end
return counts
"""


class RateLimiter:
    """Counts one use of every limit it holds, in one command to Redis. Only for subjects
    that may be kept (pseudonyms): client addresses are counted in memory (addresses.py)."""

    def __init__(self, redis: Redis, *limits: Limit) -> None:
        self.redis = redis
        self.limits = limits
        self.count_uses = redis.register_script(COUNT_USES)

    async def allow(self, *subjects: str) -> bool:
        """True when each subject (one per limit, in order) is within its limit. Every counter
        counts the use, allowed or not: a flood stays over its limit until it stops."""
        if len(subjects) != len(self.limits):
            raise ValueError(f"{len(self.limits)} subjects expected, got {len(subjects)}")
        now = time.time()
        counts = await self.count_uses(
            keys=[limit.key(subject, now) for limit, subject in zip(self.limits, subjects, strict=True)],
            args=[limit.window_seconds * 2 for limit in self.limits],
        )
        return all(int(count) <= limit.per_window for count, limit in zip(counts, self.limits, strict=True))
