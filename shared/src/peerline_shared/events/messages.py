"""Client messages: received at a channel, then triaged."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field

from peerline_shared.events.base import ClientId, Event, Text
from peerline_shared.events.common import Channel, ClientPlace, EmergencyTier, Lang, Signal, Topic, Urgency


class ClientMessageReceived(Event):
    """A client wrote; the text is already scrubbed and the client already pseudonymous."""

    type: Literal["client.message.received"] = "client.message.received"
    schema_version: Literal[1] = 1
    client_id: ClientId
    channel: Channel
    text: Text
    conversation_id: uuid.UUID | None = None
    client_message_id: str | None = Field(default=None, max_length=64)
    lang_hint: Lang | None = None
    is_correction: bool = False
    redactions: dict[str, int] = Field(default_factory=dict)
    # Added in place (optional; schema_version stays 1): where the client said they are, if
    # they did. The channel adapter that asked attaches it to every message.
    place: ClientPlace | None = None


class MessageTriaged(Event):
    """Triage tagged a client message with urgency, topics and language, and said why."""

    type: Literal["message.triaged"] = "message.triaged"
    schema_version: Literal[1] = 1
    message_event_id: uuid.UUID
    received_at: datetime
    client_id: ClientId
    channel: Channel
    text: Text
    conversation_id: uuid.UUID | None = None
    client_message_id: str | None = None
    is_correction: bool = False
    urgency: Urgency
    message_urgency: Urgency
    topics: tuple[Topic, ...]
    lang: Lang
    confidence: float = Field(ge=0.0, le=1.0)
    signals: tuple[Signal, ...] = ()
    emergency_kind: str | None = None
    first_aid_sent: bool = False
    # Added in place (optional, with a default; schema_version stays 1): "certain" got the full
    # first aid, "possible" the short safety message; None when not an emergency or when the
    # producer predates the tiers. Old consumers ignore it (extra="ignore").
    emergency_tier: EmergencyTier | None = None
    # Added in place, copied from the received message: where the client said they are.
    place: ClientPlace | None = None
