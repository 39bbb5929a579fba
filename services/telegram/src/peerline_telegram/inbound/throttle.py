"""Counters in Redis, keyed by pseudonym only: flood windows and one-time notices.

Redis is shared by every adapter process (webhook mode can run several), so a client's
window is one window whichever process takes the update.
"""

from __future__ import annotations

import time
import uuid

from redis.asyncio import Redis

PREFIX = "telegram"


class ClientThrottle:
    def __init__(self, redis: Redis, *, window_s: int, notice_cooldown_s: int) -> None:
        self.redis = redis
        self.window_s = window_s
        self.notice_cooldown_s = notice_cooldown_s

    async def count_message(self, client_id: str) -> int:
        """How many messages the client sent in the last `window_s` seconds, this one included
        (a sliding window: a burst across a boundary of fixed windows would pass twice)."""
        now = time.time()
        key = f"{PREFIX}:flood:{client_id}"
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.zremrangebyscore(key, 0, now - self.window_s)
            pipe.zadd(key, {uuid.uuid4().hex: now})
            pipe.zcard(key)
            pipe.expire(key, self.window_s + 1)
            _, _, count, _ = await pipe.execute()
        return int(count)

    async def first_notice(self, client_id: str, kind: str) -> bool:
        """True once per cooldown for a kind of notice, so a burst of stickers gets one answer."""
        key = f"{PREFIX}:notice:{client_id}:{kind}"
        return bool(await self.redis.set(key, "1", nx=True, ex=self.notice_cooldown_s))

    async def first_time_in_group(self, group_key: str) -> bool:
        """True the first time a group writes; the key is a keyed hash, never the chat id."""
        key = f"{PREFIX}:group-told:{group_key}"
        return bool(await self.redis.set(key, "1", nx=True, ex=90 * 24 * 3600))
