"""Consultants' own Telegram: linking (a one-time code sent to the bot) and whom to DM.

The directory keeps the link (consultant id ↔ Telegram user id) and decides who gets a DM for
a notice; the console manages one's own link (`ManageTelegramLink`, with a signed actor), the
Telegram adapter redeems codes and unlinks (`LinkTelegram`, `UnlinkTelegram`) and asks whom
to DM (`FindTelegramRecipients`). Nothing here is about a client.
"""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import Field

from peerline_shared.events.base import Alias, Command, Query, Reply, WireModel
from peerline_shared.events.commands import Actor
from peerline_shared.events.consultants import NoticeKind
from peerline_shared.events.vocabulary import Lang, TelegramNotifyMode

LINK_CODE_PATTERN = r"^[A-HJ-NP-Z2-9]{8}$"
"""Eight letters and digits without the look-alikes (I, O, 0, 1): about 40 bits."""
TELEGRAM_USER_ID_PATTERN = r"^\d{1,20}$"

TelegramLinkAction = Literal["show", "issue_code", "unlink", "set_mode"]


class ManageTelegramLink(Command):
    """The console, for the signed-in consultant: show the link, issue a code, unlink, or
    choose when DMs come (`notify_mode`, with `set_mode`)."""

    type: Literal["command.manage_telegram_link"] = "command.manage_telegram_link"
    schema_version: Literal[1] = 1
    actor: Actor
    action: TelegramLinkAction = "show"
    notify_mode: TelegramNotifyMode | None = None


class TelegramLinkShown(Reply):
    type: Literal["query.telegram_link_shown"] = "query.telegram_link_shown"
    schema_version: Literal[1] = 1
    ok: bool = True
    error: str | None = None
    linked: bool = False
    notify_mode: TelegramNotifyMode = "on_shift"
    code: str | None = Field(default=None, pattern=LINK_CODE_PATTERN)
    """Only in the answer to `issue_code`: send `/link CODE` to the bot; single use."""
    code_expires_in_s: int = Field(default=0, ge=0)


class LinkTelegram(Command):
    """The bot got `/link CODE` from this Telegram user (the adapter's own NATS identity is
    the only one allowed to send it)."""

    type: Literal["command.link_telegram"] = "command.link_telegram"
    schema_version: Literal[1] = 1
    code: str = Field(pattern=LINK_CODE_PATTERN)
    telegram_user_id: str = Field(pattern=TELEGRAM_USER_ID_PATTERN)


class TelegramLinked(Reply):
    type: Literal["command.telegram_linked"] = "command.telegram_linked"
    schema_version: Literal[1] = 1
    ok: bool
    error: str | None = None
    """`code_unknown`: wrong, expired or already used."""
    alias: Alias | None = None


class UnlinkTelegram(Command):
    """The bot got `/unlink` from this Telegram user."""

    type: Literal["command.unlink_telegram"] = "command.unlink_telegram"
    schema_version: Literal[1] = 1
    telegram_user_id: str = Field(pattern=TELEGRAM_USER_ID_PATTERN)


class FindTelegramRecipients(Query):
    """Who of these consultants gets this notice as a Telegram DM now (linked, and their
    choice: on shift, or emergencies at any time; escalations only for supervisors)."""

    type: Literal["query.find_telegram_recipients"] = "query.find_telegram_recipients"
    schema_version: Literal[1] = 1
    consultant_ids: tuple[uuid.UUID, ...] = Field(default=(), max_length=1000)
    kind: NoticeKind
    lang: Lang | None = None
    """The conversation's language: off-shift consultants get emergencies they can answer."""


class TelegramRecipient(WireModel):
    consultant_id: uuid.UUID
    telegram_user_id: str = Field(pattern=TELEGRAM_USER_ID_PATTERN)
    lang: Lang = "uk"
    """The language the DM is written in (the consultant's first of uk, ru, en)."""


class TelegramRecipientsFound(Reply):
    type: Literal["query.telegram_recipients_found"] = "query.telegram_recipients_found"
    schema_version: Literal[1] = 1
    recipients: tuple[TelegramRecipient, ...] = ()
