"""Decisions about the identity map: remember a chat, its language, or forget it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from peerline_shared.events import Lang, utc_now
from peerline_telegram.identity.crypto import ChatIdCipher
from peerline_telegram.identity.models import IdentityEntry
from peerline_telegram.identity.repository import IdentityRepository


@dataclass(frozen=True)
class Known:
    """What the adapter knows about a client: whether they are new, and their language."""

    is_new: bool
    lang: Lang | None


async def remember(
    session: AsyncSession, cipher: ChatIdCipher, *, client_id: str, chat_id: int
) -> Known:
    """Keep the chat for replies; a private chat's id never changes, so an entry is final."""
    repository = IdentityRepository.from_session(session)
    entry = await repository.get(client_id=client_id)
    if entry is not None:
        return Known(is_new=False, lang=_lang(entry.lang))
    now = utc_now()
    await repository.create(IdentityEntry(
        client_id=client_id, chat_ciphertext=cipher.encrypt(chat_id, client_id),
        lang=None, created_at=now, updated_at=now,
    ))
    return Known(is_new=True, lang=None)


async def choose_language(
    session: AsyncSession, cipher: ChatIdCipher, *, client_id: str, chat_id: int, lang: Lang
) -> None:
    await remember(session, cipher, client_id=client_id, chat_id=chat_id)
    entry = await IdentityRepository.from_session(session).get(client_id=client_id)
    assert entry is not None
    entry.lang = lang
    entry.updated_at = utc_now()


async def chat_for(session: AsyncSession, cipher: ChatIdCipher, *, client_id: str) -> int | None:
    entry = await IdentityRepository.from_session(session).get(client_id=client_id)
    return None if entry is None else cipher.decrypt(entry.chat_ciphertext, client_id)


async def language_of(session: AsyncSession, *, client_id: str) -> Lang | None:
    entry = await IdentityRepository.from_session(session).get(client_id=client_id)
    return None if entry is None else _lang(entry.lang)


async def forget(session: AsyncSession, *, client_id: str) -> bool:
    return await IdentityRepository.from_session(session).delete(client_id=client_id)


async def first_alerts_offer(session: AsyncSession, *, client_id: str) -> bool:
    """True once per client: the moment to offer alerts."""
    # Compare-and-set: two replies delivered at once (several workers) must not both offer.
    repository = IdentityRepository.from_session(session)
    return await repository.mark_alerts_offered(client_id=client_id, at=utc_now())


def _lang(value: str | None) -> Lang | None:
    return value if value in ("uk", "ru", "en") else None  # type: ignore[return-value]
