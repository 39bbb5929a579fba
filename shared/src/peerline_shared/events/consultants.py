"""Facts about consultants that other services follow."""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import Field

from peerline_shared.events.base import Alias, Event
from peerline_shared.events.vocabulary import Presence, Role, Urgency

NoticeKind = Literal[
    "new_conversation", "emergency", "escalation", "taken", "requeued", "undeliverable",
    "client_message", "transferred_to_you", "specialist_referral",
]


class ConsultantNotified(Event):
    """A notice for consultants' consoles (and their own Telegram); never with client data."""

    type: Literal["consultant.notified"] = "consultant.notified"
    schema_version: Literal[1] = 1
    consultant_ids: tuple[uuid.UUID, ...]
    kind: NoticeKind
    conversation_id: uuid.UUID | None = None
    urgency: Urgency | None = None
    summary: str = Field(default="", max_length=300)
    repeat: int = 0


class ConsultantPresenceChanged(Event):
    type: Literal["consultant.presence.changed"] = "consultant.presence.changed"
    schema_version: Literal[1] = 1
    consultant_id: uuid.UUID
    alias: Alias
    status: Presence


class ConsultantAccessChanged(Event):
    """The directory (the one owner of a consultant's role and active state) changed either.
    The gateway copies it onto the console account and ends the consultant's sessions."""

    type: Literal["consultant.access.changed"] = "consultant.access.changed"
    schema_version: Literal[1] = 1
    consultant_id: uuid.UUID
    role: Role
    active: bool
