"""A locked console: the session stays, but nothing is shown or answered until the consultant
types their password again. Kept in Redis so a reload or another tab is locked too."""

from __future__ import annotations

from redis.asyncio import Redis


class ScreenLocks:
    def __init__(self, redis: Redis, lifetime_seconds: int) -> None:
        self.redis = redis
        self.lifetime_seconds = lifetime_seconds  # no lock outlives the session it belongs to

    async def lock(self, session_id: str) -> None:
        await self.redis.set(self._key(session_id), "1", ex=self.lifetime_seconds)

    async def unlock(self, session_id: str) -> None:
        await self.redis.delete(self._key(session_id))

    async def is_locked(self, session_id: str) -> bool:
        return bool(await self.redis.exists(self._key(session_id)))

    @staticmethod
    def _key(session_id: str) -> str:
        return f"console:locked:{session_id}"
