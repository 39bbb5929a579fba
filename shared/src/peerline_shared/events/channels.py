"""Posts to the organisation's Telegram channels (subjects `helpline.rpc.telegram.channel.*`).

The gateway owns the posts, their schedule and which channel got which message; the Telegram
adapter owns the bot and sends. Each command names one channel and carries text already
sanitised to the Bot API's HTML subset; the adapter answers with the message id Telegram gave
(kept by the gateway so a later edit or deletion reaches that message).

`PublishChannelPost.delivery_id` is the idempotency key: the adapter remembers it, so a
publish asked again after a restart answers with the first message id instead of posting twice.
No client data travels here: posts are the organisation's public words.
"""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import Field

from peerline_shared.events.base import Command, Reply

ChannelChatId = str
CHAT_ID_PATTERN = r"^(-100\d{1,15}|@[A-Za-z][A-Za-z0-9_]{3,31})$"
"""A channel as the Bot API names it: `-100…` (its numeric id) or `@username` (a public one)."""
POST_HTML_MAX = 16000
"""Sanitised HTML; Telegram's own limit (4,096 characters of visible text) is checked before."""
ChannelPostError = Literal["rejected", "not_admin", "uncertain", "not_found", "unavailable"]


class PublishChannelPost(Command):
    type: Literal["command.publish_channel_post"] = "command.publish_channel_post"
    schema_version: Literal[1] = 1
    delivery_id: uuid.UUID
    chat_id: ChannelChatId = Field(pattern=CHAT_ID_PATTERN, max_length=40)
    html: str = Field(min_length=1, max_length=POST_HTML_MAX)


class EditChannelPost(Command):
    type: Literal["command.edit_channel_post"] = "command.edit_channel_post"
    schema_version: Literal[1] = 1
    delivery_id: uuid.UUID
    chat_id: ChannelChatId = Field(pattern=CHAT_ID_PATTERN, max_length=40)
    telegram_message_id: int = Field(ge=1)
    html: str = Field(min_length=1, max_length=POST_HTML_MAX)


class DeleteChannelPost(Command):
    type: Literal["command.delete_channel_post"] = "command.delete_channel_post"
    schema_version: Literal[1] = 1
    delivery_id: uuid.UUID
    chat_id: ChannelChatId = Field(pattern=CHAT_ID_PATTERN, max_length=40)
    telegram_message_id: int = Field(ge=1)


class ChannelPostDone(Reply):
    """`ok` with the channel's message id, or why not. `uncertain`: a publish was started before
    a restart and Telegram's answer was lost; the adapter will not post again (look at the channel)."""

    type: Literal["command.channel_post_done"] = "command.channel_post_done"
    schema_version: Literal[1] = 1
    ok: bool
    telegram_message_id: int | None = Field(default=None, ge=1)
    error: ChannelPostError | None = None
