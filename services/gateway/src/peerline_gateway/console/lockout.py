"""Lockout after repeated failed logins, per login and per address, kept in Redis so every
gateway process sees it. Each lockout lasts twice as long as the previous one. The address
arrives as today's keyed hash (addresses.py), never as the address itself."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from redis.asyncio import Redis

FAILURE_WINDOW_SECONDS = 15 * 60
LOCK_MEMORY_SECONDS = 24 * 3600


def lockout_seconds(lock_number: int, base_seconds: int, max_seconds: int) -> int:
    """The n-th lockout (1-based) in a day: base, 2×base, 4×base … capped."""
    return int(min(base_seconds * 2 ** max(lock_number - 1, 0), max_seconds))


@dataclass(frozen=True)
class LockoutPolicy:
    max_failures: int
    ip_max_failures: int
    base_seconds: int
    max_seconds: int


class LoginThrottle:
    def __init__(self, redis: Redis, policy: LockoutPolicy) -> None:
        self.redis = redis
        self.policy = policy

    @staticmethod
    def _subjects(login: str, address: str) -> tuple[str, str]:
        # Logins are hashed so Redis never holds a list of who tried to sign in.
        digest = hashlib.sha256(login.strip().lower().encode()).hexdigest()[:32]
        return f"login:{digest}", f"ip:{address}"

    async def locked_for(self, login: str, address: str) -> int:
        """Seconds left on the longest lock that applies (0 when free to try)."""
        ttls = [await self.redis.ttl(f"console:lock:{subject}") for subject in self._subjects(login, address)]
        return max([ttl for ttl in ttls if ttl > 0], default=0)

    async def failed(self, login: str, address: str) -> int:
        """Count a failure; returns the lockout it started, in seconds (0 for none)."""
        login_subject, ip_subject = self._subjects(login, address)
        started = 0
        for subject, limit in (
            (login_subject, self.policy.max_failures),
            (ip_subject, self.policy.ip_max_failures),
        ):
            key = f"console:fail:{subject}"
            count = int(await self.redis.incr(key))
            await self.redis.expire(key, FAILURE_WINDOW_SECONDS)
            if count >= limit:
                started = max(started, await self._lock(subject))
                await self.redis.delete(key)
        return started

    async def _lock(self, subject: str) -> int:
        counter = f"console:locks:{subject}"
        number = int(await self.redis.incr(counter))
        await self.redis.expire(counter, LOCK_MEMORY_SECONDS)
        seconds = lockout_seconds(number, self.policy.base_seconds, self.policy.max_seconds)
        await self.redis.set(f"console:lock:{subject}", "1", ex=seconds)
        return seconds

    async def succeeded(self, login: str, address: str) -> None:
        login_subject, _ = self._subjects(login, address)
        await self.redis.delete(f"console:fail:{login_subject}", f"console:locks:{login_subject}")
