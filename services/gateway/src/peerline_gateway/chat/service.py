"""Turning a browser's chat frame into a pseudonymous, scrubbed client message."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import uuid
from typing import Literal

from peerline_shared.events import ClientMessageReceived, ClientPlace, Lang
from peerline_shared.places import (
    COUNTRIES,
    EMERGENCY_NUMBERS,
    REGIONS_BY_COUNTRY,
    PlaceName,
    is_known_place,
)
from peerline_shared.privacy.pseudonym import client_pseudonym
from peerline_shared.privacy.scrub import scrub

WEB_MESSAGE_NAMESPACE = uuid.UUID("6f2b8c1e-4c1a-4f47-9a43-2a7c1e0b9d10")


class MessageRejected(ValueError):
    """The message cannot be accepted; `code` is shown to the client in their language."""

    def __init__(self, code: Literal["too_long", "empty"], detail: str) -> None:
        super().__init__(detail)
        self.code = code


TOKEN_KEY_LABEL = b"peerline/chat-session-token/v1"


def chat_token_key(session_secret: bytes) -> bytes:
    """The key that signs chat session tokens, derived from the gateway's session secret (which
    also derives the daily address keys, under another label: addresses.py)."""
    return hmac.new(session_secret, TOKEN_KEY_LABEL, hashlib.sha256).digest()


def _signature(key: bytes, nonce: str) -> str:
    digest = hmac.new(key, nonce.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def new_session_token(key: bytes) -> str:
    """A session token only this gateway (any of its replicas) could have made: a random
    nonce and its HMAC. A client cannot choose one, so two sockets share an identity only
    when one was given the other's token."""
    nonce = secrets.token_urlsafe(24)
    return f"{nonce}.{_signature(key, nonce)}"


def verified_session_token(key: bytes, token: str | None) -> str | None:
    """The token when this gateway signed it; None for a missing, made-up or altered one."""
    if not token or token.count(".") != 1:
        return None
    nonce, signature = token.split(".")
    if not nonce or not hmac.compare_digest(signature.encode(), _signature(key, nonce).encode()):
        return None
    return token


def web_client_id(key: bytes, session_token: str) -> str:
    return client_pseudonym(key, "web", session_token)


def message_event(
    client_id: str,
    client_message_id: str,
    text: str,
    lang: Lang | None,
    max_chars: int,
    place: ClientPlace | None = None,
) -> ClientMessageReceived:
    """The event for one chat message. Its id derives from the client's own message id, so a
    message re-sent after a reconnect is stored once (JetStream de-duplicates by id). A place
    the page could not have offered is dropped, not refused: the message matters more."""
    if len(text) > max_chars:
        raise MessageRejected("too_long", f"message longer than {max_chars} characters")
    if not text.strip():
        raise MessageRejected("empty", "empty message")
    scrubbed = scrub(text)
    return ClientMessageReceived(
        event_id=uuid.uuid5(WEB_MESSAGE_NAMESPACE, f"{client_id}/{client_message_id}"),
        client_id=client_id,
        channel="web",
        text=scrubbed.text,
        client_message_id=client_message_id,
        lang_hint=lang,
        redactions=dict(scrubbed.redactions),
        place=place if place is not None and is_known_place(place.country, place.region) else None,
    )


def places_for_page() -> dict[str, object]:
    """The countries (and Ukraine's oblasts) the page offers, named in every language."""
    return {
        "countries": _named(COUNTRIES),
        "regions": {country: _named(regions) for country, regions in REGIONS_BY_COUNTRY.items()},
        # The page's call buttons: the country's ambulance and general numbers, first of each.
        "numbers": {
            country: {"ambulance": numbers.ambulance[0], "general": (numbers.general or numbers.ambulance)[0]}
            for country, numbers in EMERGENCY_NUMBERS.items()
        },
    }


def _named(places: dict[str, PlaceName]) -> list[dict[str, str]]:
    return [{"code": code, "uk": name.uk, "ru": name.ru, "en": name.en} for code, name in places.items()]
