"""Console sessions in Redis: an opaque id in an HttpOnly cookie, a CSRF token per session,
an idle timeout refreshed on use and an absolute lifetime."""

from __future__ import annotations

import secrets
import time
import uuid
from dataclasses import dataclass

import orjson
from redis.asyncio import Redis

from peerline_shared.events import Actor

COOKIE_NAME = "peerline_console"


@dataclass(frozen=True)
class ConsoleSession:
    session_id: str
    consultant_id: uuid.UUID
    alias: str
    role: str
    csrf_token: str
    created_at: float

    def actor(self) -> Actor:
        return Actor(consultant_id=self.consultant_id, alias=self.alias, role=self.role)  # type: ignore[arg-type]


class SessionStore:
    def __init__(self, redis: Redis, idle_seconds: int, absolute_seconds: int) -> None:
        self.redis = redis
        self.idle_seconds = idle_seconds
        self.absolute_seconds = absolute_seconds

    async def create(self, consultant_id: uuid.UUID, alias: str, role: str) -> ConsoleSession:
        session = ConsoleSession(
            secrets.token_urlsafe(32), consultant_id, alias, role, secrets.token_urlsafe(32), time.time()
        )
        payload = {
            "consultant_id": str(consultant_id),
            "alias": alias,
            "role": role,
            "csrf_token": session.csrf_token,
            "created_at": session.created_at,
        }
        await self.redis.set(self._key(session.session_id), orjson.dumps(payload), ex=self.idle_seconds)
        return session

    async def get(self, session_id: str | None) -> ConsoleSession | None:
        if not session_id or len(session_id) > 100:
            return None
        raw = await self.redis.get(self._key(session_id))
        if raw is None:
            return None
        data = orjson.loads(raw)
        if time.time() - data["created_at"] > self.absolute_seconds:
            await self.delete(session_id)
            return None
        await self.redis.expire(self._key(session_id), self.idle_seconds)
        return ConsoleSession(
            session_id,
            uuid.UUID(data["consultant_id"]),
            data["alias"],
            data["role"],
            data["csrf_token"],
            data["created_at"],
        )

    async def delete(self, session_id: str) -> None:
        await self.redis.delete(self._key(session_id))

    @staticmethod
    def _key(session_id: str) -> str:
        return f"console:session:{session_id}"
