"""Conversation lifecycle facts, published by notifications after each committed transition."""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import Field

from peerline_shared.events.base import Alias, Event
from peerline_shared.events.common import Signal
from peerline_shared.events.vocabulary import Channel, ConversationState, Lang, Topic, Urgency


class ConversationEvent(Event):
    conversation_id: uuid.UUID
    state: ConversationState
    urgency: Urgency
    lang: Lang
    channel: Channel
    topics: tuple[Topic, ...] = ()
    consultant_id: uuid.UUID | None = None
    consultant_alias: Alias | None = None


class ConversationQueued(ConversationEvent):
    """A conversation waits in the shared queue (new, reopened, or handed back)."""

    type: Literal["conversation.queued"] = "conversation.queued"
    schema_version: Literal[1] = 1
    signals: tuple[Signal, ...] = ()
    reason: str = "new"


class ConversationUpdated(ConversationEvent):
    """A client wrote again in a conversation, or its triage changed."""

    type: Literal["conversation.updated"] = "conversation.updated"
    schema_version: Literal[1] = 1
    signals: tuple[Signal, ...] = ()
    reason: str = Field(default="client_message", max_length=100)
    """client_message, consultant_replied (active → waiting) or note_added (no text, ever)."""


class ConversationOffered(ConversationEvent):
    """Routing offered a conversation to these consultants."""

    type: Literal["conversation.offered"] = "conversation.offered"
    schema_version: Literal[1] = 1
    offered_to: tuple[uuid.UUID, ...] = ()
    escalation_level: int = 0


class ConversationClaimed(ConversationEvent):
    type: Literal["conversation.claimed"] = "conversation.claimed"
    schema_version: Literal[1] = 1


class ConversationRequeued(ConversationEvent):
    """An active conversation went back to the queue (transfer, inactivity)."""

    type: Literal["conversation.requeued"] = "conversation.requeued"
    schema_version: Literal[1] = 1
    previous_consultant_id: uuid.UUID | None = None
    reason: str = Field(default="transfer", max_length=100)


class ConversationTransferred(ConversationEvent):
    type: Literal["conversation.transferred"] = "conversation.transferred"
    schema_version: Literal[1] = 1
    previous_consultant_id: uuid.UUID


class ConversationClosed(ConversationEvent):
    type: Literal["conversation.closed"] = "conversation.closed"
    schema_version: Literal[1] = 1
    outcomes: tuple[str, ...] = ()


class ConversationEscalated(ConversationEvent):
    """Nobody claimed within the SLA: the circle of people alerted widened."""

    type: Literal["conversation.escalated"] = "conversation.escalated"
    schema_version: Literal[1] = 1
    escalation_level: int
    waited_seconds: float
    offered_to: tuple[uuid.UUID, ...] = ()
