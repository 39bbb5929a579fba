"""A fixed-window rate limit in Redis, shared by every gateway process."""

from __future__ import annotations

import time

from redis.asyncio import Redis


class RateLimiter:
    def __init__(self, redis: Redis, name: str, limit: int, window_seconds: int) -> None:
        self.redis = redis
        self.name = name
        self.limit = limit
        self.window_seconds = window_seconds

    async def allow(self, subject: str) -> bool:
        window = int(time.time() // self.window_seconds)
        key = f"ratelimit:{self.name}:{subject}:{window}"
        async with self.redis.pipeline(transaction=True) as pipe:
            count, _ = await pipe.incr(key).expire(key, self.window_seconds * 2).execute()
        return int(count) <= self.limit
