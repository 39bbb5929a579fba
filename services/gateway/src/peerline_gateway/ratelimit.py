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


class RateLimiter:
    """Counts one use of every limit it holds, in one round trip to Redis. Only for subjects
    that may be kept (pseudonyms): client addresses are counted in memory (addresses.py)."""

    def __init__(self, redis: Redis, *limits: Limit) -> None:
        self.redis = redis
        self.limits = limits

    async def allow(self, *subjects: str) -> bool:
        """True when each subject (one per limit, in order) is within its limit. Every counter
        counts the use, allowed or not: a flood stays over its limit until it stops."""
        if len(subjects) != len(self.limits):
            raise ValueError(f"{len(self.limits)} subjects expected, got {len(subjects)}")
        now = time.time()
        async with self.redis.pipeline(transaction=True) as pipe:
            for limit, subject in zip(self.limits, subjects, strict=True):
                key = limit.key(subject, now)
                pipe.incr(key).expire(key, limit.window_seconds * 2)
            results = await pipe.execute()
        counts = results[::2]
        return all(int(count) <= limit.per_window for count, limit in zip(counts, self.limits, strict=True))
