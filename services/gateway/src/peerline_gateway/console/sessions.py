"""Console sessions in Redis: an opaque id in an HttpOnly cookie, a CSRF token per session,
an idle timeout refreshed on use (not by the page's automatic refreshes) and an absolute lifetime.

Every session carries its consultant's *session generation* at sign-in. Deactivation, a role
change and a password change raise the generation (`end_all`): every session of that consultant
stops working on its next request (one extra Redis read each), and each gateway process closes
their console sockets when the Redis message on `REVOKED_CHANNEL` reaches it."""

from __future__ import annotations

import secrets
import time
import uuid
from dataclasses import dataclass

import orjson
from redis.asyncio import Redis

from peerline_shared.events import Actor, ContentActor

COOKIE_NAME = "peerline_console"
REVOKED_CHANNEL = "console:sessions_ended"
BACKGROUND_HEADER = "x-peerline-background"
"""Set by the console's JavaScript on its automatic refreshes: they do not count as use."""


@dataclass(frozen=True)
class ConsoleSession:
    session_id: str
    consultant_id: uuid.UUID
    alias: str
    role: str
    csrf_token: str
    created_at: float
    generation: int = 0

    def actor(self) -> Actor:
        """The person as conversations and management see them: an editor's session cannot
        make one (the role is not on the ladder), so routes check the role first."""
        return Actor(consultant_id=self.consultant_id, alias=self.alias, role=self.role)  # type: ignore[arg-type]

    def content_actor(self) -> ContentActor:
        """The person as the content services see them, editors included."""
        return ContentActor(consultant_id=self.consultant_id, alias=self.alias, role=self.role)  # type: ignore[arg-type]


def generation_key(consultant_id: uuid.UUID) -> str:
    return f"console:generation:{consultant_id}"


class SessionStore:
    def __init__(self, redis: Redis, idle_seconds: int, absolute_seconds: int) -> None:
        self.redis = redis
        self.idle_seconds = idle_seconds
        self.absolute_seconds = absolute_seconds

    async def create(self, consultant_id: uuid.UUID, alias: str, role: str) -> ConsoleSession:
        generation = int(await self.redis.get(generation_key(consultant_id)) or 0)
        session = ConsoleSession(
            secrets.token_urlsafe(32), consultant_id, alias, role, secrets.token_urlsafe(32), time.time(),
            generation,
        )
        payload = {
            "consultant_id": str(consultant_id),
            "alias": alias,
            "role": role,
            "csrf_token": session.csrf_token,
            "created_at": session.created_at,
            "generation": generation,
        }
        await self.redis.set(self._key(session.session_id), orjson.dumps(payload), ex=self.idle_seconds)
        return session

    async def get(self, session_id: str | None, *, touch: bool = True) -> ConsoleSession | None:
        """The live session, or None. `touch=False` (an automatic refresh) leaves the idle timer."""
        if not session_id or len(session_id) > 100:
            return None
        raw = await self.redis.get(self._key(session_id))
        if raw is None:
            return None
        data = orjson.loads(raw)
        consultant_id = uuid.UUID(data["consultant_id"])
        # One round trip for both: refreshing a session about to be refused is harmless.
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.get(generation_key(consultant_id))
            if touch:
                pipe.expire(self._key(session_id), self.idle_seconds)
            current = int((await pipe.execute())[0] or 0)
        too_old = time.time() - data["created_at"] > self.absolute_seconds
        if too_old or data.get("generation", 0) != current:
            await self.delete(session_id)
            return None
        return ConsoleSession(
            session_id,
            consultant_id,
            data["alias"],
            data["role"],
            data["csrf_token"],
            data["created_at"],
            current,
        )

    async def delete(self, session_id: str) -> None:
        await self.redis.delete(self._key(session_id))

    async def end_all(self, consultant_id: uuid.UUID) -> None:
        """End every session of this consultant, here and in every gateway process, at once."""
        await self.redis.incr(generation_key(consultant_id))
        await self.redis.publish(REVOKED_CHANNEL, str(consultant_id))

    @staticmethod
    def _key(session_id: str) -> str:
        return f"console:session:{session_id}"
