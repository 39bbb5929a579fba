"""Between the password and the second factor: a short-lived sign-in in Redis that is not a
session (no route accepts it but the second-factor and enrolment pages), with a few attempts."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import asdict, dataclass, replace
from typing import Literal

import orjson
from redis.asyncio import Redis

PENDING_COOKIE = "peerline_pending"
PENDING_SECONDS = 5 * 60
MAX_ATTEMPTS = 5
Stage = Literal["code", "enrol"]


@dataclass(frozen=True)
class PendingLogin:
    token: str
    consultant_id: str
    login: str
    alias: str
    role: str
    stage: Stage
    attempts: int = 0
    enrol_secret: str = ""

    @property
    def consultant_uuid(self) -> uuid.UUID:
        return uuid.UUID(self.consultant_id)


class PendingLogins:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    async def create(
        self, *, consultant_id: uuid.UUID, login: str, alias: str, role: str, stage: Stage
    ) -> PendingLogin:
        pending = PendingLogin(secrets.token_urlsafe(32), str(consultant_id), login, alias, role, stage)
        await self._save(pending, PENDING_SECONDS)
        return pending

    async def get(self, token: str | None) -> PendingLogin | None:
        if not token or len(token) > 100:
            return None
        raw = await self.redis.get(self._key(token))
        return PendingLogin(**orjson.loads(raw)) if raw is not None else None

    async def update(self, pending: PendingLogin, **changes: object) -> PendingLogin:
        """Keep the original expiry: trying again does not extend the five minutes."""
        changed = replace(pending, **changes)  # type: ignore[arg-type]
        ttl = await self.redis.ttl(self._key(pending.token))
        if ttl > 0:
            await self._save(changed, ttl)
        return changed

    async def failed(self, pending: PendingLogin) -> bool:
        """Count a wrong code; returns False once the attempts are spent (the sign-in is gone)."""
        if pending.attempts + 1 >= MAX_ATTEMPTS:
            await self.delete(pending.token)
            return False
        await self.update(pending, attempts=pending.attempts + 1)
        return True

    async def delete(self, token: str) -> None:
        await self.redis.delete(self._key(token))

    async def _save(self, pending: PendingLogin, seconds: int) -> None:
        await self.redis.set(self._key(pending.token), orjson.dumps(asdict(pending)), ex=seconds)

    @staticmethod
    def _key(token: str) -> str:
        return f"console:pending:{token}"
