"""Consultants' own Telegram: one-time link codes (Redis), the link itself (the consultant's
row), and whom to DM for a notice. Nothing here knows anything about a client."""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime

from redis.asyncio import Redis

from peerline_directory.consultants.models import Consultant
from peerline_directory.consultants.repository import ConsultantRepository
from peerline_directory.consultants.roster import Member
from peerline_directory.domain.telegram_notices import Linked, dm_language, wants_dm
from peerline_shared.events import FindTelegramRecipients, TelegramRecipient
from peerline_shared.events.vocabulary import TELEGRAM_NOTIFY_MODES

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
CODE_PREFIX = "directory:telegram-link:code:"
OWNER_PREFIX = "directory:telegram-link:owner:"


async def issue_code(redis: Redis, consultant_id: uuid.UUID, ttl_s: int) -> str:
    """A fresh single-use code for this consultant; the previous one stops working."""
    previous = await redis.getdel(f"{OWNER_PREFIX}{consultant_id}")
    if previous is not None:
        await redis.delete(f"{CODE_PREFIX}{_text(previous)}")
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    async with redis.pipeline(transaction=True) as pipe:
        pipe.set(f"{CODE_PREFIX}{code}", str(consultant_id), ex=ttl_s)
        pipe.set(f"{OWNER_PREFIX}{consultant_id}", code, ex=ttl_s)
        await pipe.execute()
    return code


async def redeem_code(redis: Redis, code: str) -> uuid.UUID | None:
    """The consultant a code was issued to, once: GETDEL makes it single use."""
    owner = await redis.getdel(f"{CODE_PREFIX}{code}")
    if owner is None:
        return None
    await redis.delete(f"{OWNER_PREFIX}{_text(owner)}")
    return uuid.UUID(_text(owner))


async def link(repo: ConsultantRepository, consultant_id: uuid.UUID,
               telegram_user_id: str) -> Consultant | None:
    """One Telegram account belongs to one consultant: an earlier holder loses it."""
    consultant = await repo.get(consultant_id)
    if consultant is None or not consultant.active:
        return None
    for other in await repo.get_by_telegram_user(telegram_user_id):
        other.telegram_user_id = None
    consultant.telegram_user_id = telegram_user_id
    return consultant


async def unlink_user(repo: ConsultantRepository, telegram_user_id: str) -> int:
    linked = await repo.get_by_telegram_user(telegram_user_id)
    for consultant in linked:
        consultant.telegram_user_id = None
    return len(linked)


def set_mode(consultant: Consultant, mode: str) -> None:
    if mode not in TELEGRAM_NOTIFY_MODES:
        raise ValueError(f"unknown notify mode {mode!r}")
    consultant.telegram_notify = mode


def recipients(query: FindTelegramRecipients, linked: list[Consultant],
               members: dict[uuid.UUID, Member], now: datetime) -> tuple[TelegramRecipient, ...]:
    meant_for = set(query.consultant_ids)
    found = []
    for consultant in linked:
        member = members.get(consultant.id)
        person = Linked(role=consultant.role, mode=consultant.telegram_notify,  # type: ignore[arg-type]
                        on_shift=member is not None and member.on_shift(now),
                        languages=frozenset(consultant.languages))
        if consultant.telegram_user_id and wants_dm(
                person, kind=query.kind, meant_for_them=consultant.id in meant_for, lang=query.lang):
            found.append(TelegramRecipient(consultant_id=consultant.id,
                                           telegram_user_id=consultant.telegram_user_id,
                                           lang=dm_language(consultant.languages)))
    return tuple(found)


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
