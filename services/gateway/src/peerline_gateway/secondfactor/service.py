"""Second factor: enrol, verify a code (single use per time step), use a recovery code, reset."""

from __future__ import annotations

import time
import uuid

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession

from peerline_gateway.secondfactor import domain
from peerline_gateway.secondfactor.models import SecondFactor
from peerline_shared.events import utc_now

USED_STEP_MEMORY_SECONDS = 5 * 30  # longer than the ±1 step window a code is valid in


async def get(session: AsyncSession, consultant_id: uuid.UUID) -> SecondFactor | None:
    return await session.get(SecondFactor, consultant_id)


async def enrol(session: AsyncSession, consultant_id: uuid.UUID, secret: str) -> list[str]:
    """Store a confirmed secret; returns the new recovery codes (their hashes are kept)."""
    codes = domain.new_recovery_codes()
    hashes = [domain.hash_recovery_code(code) for code in codes]
    existing = await session.get(SecondFactor, consultant_id)
    if existing is None:
        session.add(
            SecondFactor(
                consultant_id=consultant_id, totp_secret=secret, recovery_hashes=hashes, enrolled_at=utc_now()
            )
        )
    else:
        existing.totp_secret, existing.recovery_hashes, existing.enrolled_at = secret, hashes, utc_now()
    return codes


async def ensure_enrolled(session: AsyncSession, consultant_id: uuid.UUID, secret: str) -> None:
    """The development demo account's known secret (never called outside development mode)."""
    if await session.get(SecondFactor, consultant_id) is None:
        await enrol(session, consultant_id, secret)


async def reset(session: AsyncSession, consultant_id: uuid.UUID) -> bool:
    """Forget a consultant's second factor (a lost phone): they enrol again at the next login."""
    existing = await session.get(SecondFactor, consultant_id)
    if existing is None:
        return False
    await session.delete(existing)
    return True


async def accept_totp(redis: Redis, consultant_id: uuid.UUID, secret: str, code: str) -> bool:
    """A right code whose time step this consultant has not used yet."""
    step = domain.matching_step(secret, code, time.time())
    if step is None:
        return False
    key = f"console:totp:used:{consultant_id}:{step}"
    return bool(await redis.set(key, "1", nx=True, ex=USED_STEP_MEMORY_SECONDS))


def use_recovery_code(factor: SecondFactor, code: str) -> bool:
    """A recovery code works once: its hash leaves the list (the caller commits)."""
    digest = domain.hash_recovery_code(code)
    if digest not in factor.recovery_hashes:
        return False
    factor.recovery_hashes = [kept for kept in factor.recovery_hashes if kept != digest]
    return True


async def verify(redis: Redis, factor: SecondFactor, code: str) -> bool:
    """A TOTP code or, when it does not look like one, a recovery code."""
    if domain.looks_like_totp(code):
        return await accept_totp(redis, factor.consultant_id, factor.totp_secret, code)
    return use_recovery_code(factor, code)
