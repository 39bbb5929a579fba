"""Messages going back to a client through their channel, and delivery failures."""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import Field

from peerline_shared.events.base import Alias, ClientId, Command, Event, Text
from peerline_shared.events.common import Channel, Lang

OutboundKind = Literal["consultant_reply", "first_aid", "queue_notice", "after_hours", "system",
                       "specialist_referral"]


class OutboundMessageRequested(Command):
    """Send this text to a client on their channel (a command, named as a request)."""

    type: Literal["outbound.message.requested"] = "outbound.message.requested"
    schema_version: Literal[1] = 1
    client_id: ClientId
    channel: Channel
    conversation_id: uuid.UUID | None = None
    text: Text
    kind: OutboundKind = "consultant_reply"
    sender_alias: Alias | None = None
    lang: Lang | None = None


class MessageUndeliverable(Event):
    """A channel could not deliver an outbound message (for example, the bot was blocked)."""

    type: Literal["outbound.undeliverable"] = "outbound.undeliverable"
    schema_version: Literal[1] = 1
    outbound_event_id: uuid.UUID
    client_id: ClientId
    channel: Channel
    conversation_id: uuid.UUID | None = None
    reason: str = Field(max_length=200)


class MessageDelivered(Event):
    """A channel handed an outbound message to the client."""

    type: Literal["outbound.delivered"] = "outbound.delivered"
    schema_version: Literal[1] = 1
    outbound_event_id: uuid.UUID
    channel: Channel
    conversation_id: uuid.UUID | None = None
