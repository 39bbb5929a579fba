"""Decisions about the identity map: remember a chat, its language, where the client said they
are, or forget it."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from peerline_shared.events import ClientPlace, Lang, utc_now
from peerline_telegram.identity.crypto import ChatIdCipher, UnreadableChatId
from peerline_telegram.identity.models import IdentityEntry
from peerline_telegram.identity.repository import IdentityRepository


@dataclass(frozen=True)
class Known:
    """What the adapter knows about a client: whether they are new, their language, and where
    they said they are."""

    is_new: bool
    lang: Lang | None
    place: ClientPlace | None = None


PLACE_PURPOSE = "place"


async def remember(
    session: AsyncSession, cipher: ChatIdCipher, *, client_id: str, chat_id: int
) -> Known:
    """Keep the chat for replies; a private chat's id never changes, so an entry is final."""
    repository = IdentityRepository.from_session(session)
    entry = await repository.get(client_id=client_id)
    if entry is not None:
        return Known(is_new=False, lang=_lang(entry.lang), place=_place(entry, cipher))
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


async def choose_place(
    session: AsyncSession, cipher: ChatIdCipher, *, client_id: str, chat_id: int,
    place: ClientPlace | None,
) -> None:
    """Keep where the client said they are (None: they would rather not say); asked, either way."""
    await remember(session, cipher, client_id=client_id, chat_id=chat_id)
    entry = await IdentityRepository.from_session(session).get(client_id=client_id)
    assert entry is not None
    entry.place_ciphertext = None if place is None else cipher.encrypt_text(
        _place_text(place), client_id, PLACE_PURPOSE)
    entry.updated_at = entry.place_offered_at = utc_now()


async def place_offer_due(session: AsyncSession, *, client_id: str) -> bool:
    """Whether to ask this client where they are now: once, if they have not said; marks it."""
    return await IdentityRepository.from_session(session).mark_place_offered(
        client_id=client_id, at=utc_now())


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
def _place_text(place: ClientPlace) -> str:
    return place.country if place.region is None else f"{place.country}/{place.region}"


def _place(entry: IdentityEntry, cipher: ChatIdCipher) -> ClientPlace | None:
    """The stored place; None when none was given or it no longer reads (a changed key)."""
    if entry.place_ciphertext is None:
        return None
    try:
        country, _, region = cipher.decrypt_text(
            entry.place_ciphertext, entry.client_id, PLACE_PURPOSE).partition("/")
        return ClientPlace(country=country, region=region or None)
    except (UnreadableChatId, ValidationError):
        return None


def _lang(value: str | None) -> Lang | None:
    return value if value in ("uk", "ru", "en") else None  # type: ignore[return-value]
