"""Pure decisions of the adapter: what a message is, its id, how text is cut, when to throttle.

No I/O here; everything is a function of its arguments, so the tests need no Telegram.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum

TELEGRAM_TEXT_LIMIT = 4096
"""Telegram's limit for one message, counted in UTF-16 code units."""

TELEGRAM_EVENT_NAMESPACE = uuid.UUID("1c3f5b2e-8e0a-4d7b-9f61-3a2d8c4e7b90")


class Kind(StrEnum):
    TEXT = "text"
    MEDIA = "media"
    LOCATION = "location"
    CONTACT = "contact"
    SERVICE = "service"


_MEDIA = frozenset({
    "animation", "audio", "document", "live_photo", "paid_media", "photo", "sticker", "story",
    "video", "video_note", "voice", "dice", "game", "poll", "checklist", "invoice", "giveaway",
})
_LOCATION = frozenset({"location", "venue", "proximity_alert_triggered"})
# Each of these shares a person (a phone number, a Telegram user or chat, documents).
_CONTACT = frozenset({"contact", "users_shared", "chat_shared", "passport_data"})


def classify(content_type: str) -> Kind:
    """What the adapter does with a message, from aiogram's `Message.content_type`."""
    if content_type == "text":
        return Kind.TEXT
    if content_type in _LOCATION:
        return Kind.LOCATION
    if content_type in _CONTACT:
        return Kind.CONTACT
    if content_type in _MEDIA:
        return Kind.MEDIA
    return Kind.SERVICE


def inbound_event_id(client_id: str, message_id: int, edit_date: int | None = None) -> uuid.UUID:
    """The same Telegram message (or the same edit of it) always yields the same event id.

    Derived from the keyed pseudonym, not from the chat id: a uuid5 of a bare chat id could be
    reversed by trying every id, and event ids travel on the bus.
    """
    suffix = "" if edit_date is None else f"/edit/{edit_date}"
    return uuid.uuid5(TELEGRAM_EVENT_NAMESPACE, f"{client_id}/{message_id}{suffix}")


def part_event_id(event_id: uuid.UUID, part: int) -> uuid.UUID:
    return event_id if part == 0 else uuid.uuid5(event_id, f"part/{part}")


def clean_text(text: str) -> str:
    """Replace lone surrogates (JSON escapes of broken UTF-16) so the text can be encoded."""
    return text.encode("utf-8", "replace").decode("utf-8")


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = TELEGRAM_TEXT_LIMIT) -> list[str]:
    """Cut `text` into parts of at most `limit` UTF-16 units, at a paragraph, line or word
    break when there is one in the second half of a part; never inside a character."""
    parts: list[str] = []
    rest = text
    while utf16_length(rest) > limit:
        cut = max(_fit(rest, limit), 1)
        head = rest[:cut]
        for separator in ("\n\n", "\n", " "):
            at = head.rfind(separator)
            if at >= cut // 2:
                cut = at + len(separator)
                break
        parts.append(rest[:cut].rstrip() or rest[:cut])
        rest = rest[cut:].lstrip() or ""
    if rest or not parts:
        parts.append(rest)
    return parts


def _fit(text: str, limit: int) -> int:
    """The longest prefix (in code points) whose UTF-16 length is within `limit`."""
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return index
    return len(text)


class FloodVerdict(StrEnum):
    FORWARD = "forward"
    HOLD_AND_TELL = "hold_and_tell"
    HOLD = "hold"


def flood_verdict(count_in_window: int, limit: int) -> FloodVerdict:
    """Forward the first `limit` messages of a window; tell the client once, then hold."""
    if count_in_window <= limit:
        return FloodVerdict.FORWARD
    if count_in_window == limit + 1:
        return FloodVerdict.HOLD_AND_TELL
    return FloodVerdict.HOLD


def offers_place_after(kind: str) -> bool:
    """Ask where the client is after their first reply, never right after first aid: in an
    emergency the client reads the steps, not a question (the offer follows the next reply)."""
    return kind != "first_aid"


@dataclass(frozen=True)
class Reply:
    """A consultant's or the system's text as the client reads it, already split."""

    parts: tuple[str, ...]


def compose_reply(text: str, prefix: str, limit: int = TELEGRAM_TEXT_LIMIT) -> Reply:
    """Prefix with the sender's alias (never a real name), then split for Telegram."""
    return Reply(tuple(split_text(f"{prefix}{text}", limit)))
