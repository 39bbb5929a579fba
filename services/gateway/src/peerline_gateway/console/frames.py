"""Frames of the console's live socket (`/console/ws`), both directions.

Gateway → browser: `conversation` (a conversation changed: the queue reloads), `notice` (a
notice for consultants), `presence` (someone's availability), `error`. Any frame with `alert`
set is an emergency: the page beeps, shows the banner and a desktop notification with it.
Browser → gateway: `ping` every 25 s, which keeps proxies from closing a quiet socket.

The frames are made here from the internal events the gateway follows (`console_frame`),
keeping only what a console shows: never a client id, never the list of consultants a notice
was meant for.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

import orjson
from pydantic import Field, TypeAdapter, ValidationError

from peerline_gateway.frames import BrowserFrame
from peerline_shared.events import (
    Channel,
    ConsultantNotified,
    ConsultantPresenceChanged,
    ConversationClaimed,
    ConversationClosed,
    ConversationEscalated,
    ConversationEvent,
    ConversationOffered,
    ConversationQueued,
    ConversationRequeued,
    ConversationTransferred,
    ConversationUpdated,
    Lang,
    Topic,
    Urgency,
)
from peerline_shared.events.consultants import NoticeKind

ALERTING_NOTICES = ("emergency", "escalation", "specialist_referral")
ALERTING_CHANGES = ("conversation.queued", "conversation.escalated")


# Gateway → browser


class ConversationFrame(BrowserFrame):
    type: Literal["conversation"] = "conversation"
    v: Literal[1] = 1
    change: str = Field(max_length=40)
    """What happened, as the event's name without its prefix: queued, claimed, closed…"""
    conversation_id: uuid.UUID
    state: str
    urgency: Urgency
    lang: Lang
    channel: Channel
    topics: tuple[Topic, ...] = ()
    consultant_alias: str | None = None
    reason: str | None = None
    """Why it changed, when the event says (`triage_corrected`, `client_message`, `transfer`…)."""
    alert: str | None = None
    trace_id: str | None = None
    """The trace of what caused it: the same id in every service's logs (and the benchmark's
    way to tell when a console learnt of a client's message)."""


class NoticeFrame(BrowserFrame):
    type: Literal["notice"] = "notice"
    v: Literal[1] = 1
    kind: NoticeKind
    conversation_id: uuid.UUID | None = None
    urgency: Urgency | None = None
    summary: str = ""
    repeat: int = 0
    alert: str | None = None
    trace_id: str | None = None


class PresenceFrame(BrowserFrame):
    type: Literal["presence"] = "presence"
    v: Literal[1] = 1
    consultant_id: uuid.UUID
    alias: str
    status: str


class ConsoleError(BrowserFrame):
    type: Literal["error"] = "error"
    v: Literal[1] = 1
    code: Literal["bad_frame"]


ConsoleFrame = ConversationFrame | NoticeFrame | PresenceFrame | ConsoleError


# Browser → gateway


class Ping(BrowserFrame):
    type: Literal["ping"]
    v: Literal[1] = 1


console_client_frame: TypeAdapter[Ping] = TypeAdapter(Annotated[Ping, Field(discriminator="type")])

# The events the console follows, by type. A conversation event of a type not listed here
# still refreshes the console, read as its common shape.
FOLLOWED: dict[str, type[ConversationEvent | ConsultantNotified | ConsultantPresenceChanged]] = {
    model.model_fields["type"].default: model
    for model in (
        ConversationQueued,
        ConversationUpdated,
        ConversationOffered,
        ConversationClaimed,
        ConversationRequeued,
        ConversationTransferred,
        ConversationClosed,
        ConversationEscalated,
        ConsultantNotified,
        ConsultantPresenceChanged,
    )
}


def console_frame(body: bytes) -> ConsoleFrame | None:
    """The frame consoles get for one followed event; None for what they do not show."""
    try:
        payload = orjson.loads(body)
        kind = payload.get("type") if isinstance(payload, dict) else None
        if not isinstance(kind, str):
            return None
        model = FOLLOWED.get(kind) or (ConversationEvent if kind.startswith("conversation.") else None)
        event = model.model_validate(payload) if model is not None else None
    except (orjson.JSONDecodeError, ValidationError):
        return None
    if isinstance(event, ConsultantNotified):
        return notice_frame(event)
    if isinstance(event, ConsultantPresenceChanged):
        return PresenceFrame(consultant_id=event.consultant_id, alias=event.alias, status=event.status)
    if isinstance(event, ConversationEvent):
        return conversation_frame(event)
    return None


def notice_frame(event: ConsultantNotified) -> NoticeFrame:
    alert = (event.summary or event.urgency or event.kind) if event.kind in ALERTING_NOTICES else None
    return NoticeFrame(
        kind=event.kind,
        conversation_id=event.conversation_id,
        urgency=event.urgency,
        summary=event.summary,
        repeat=event.repeat,
        alert=alert,
    )


def conversation_frame(event: ConversationEvent) -> ConversationFrame:
    alerting = event.type in ALERTING_CHANGES and event.urgency == "emergency"
    reason = getattr(event, "reason", None)
    return ConversationFrame(
        change=event.type.removeprefix("conversation."),
        conversation_id=event.conversation_id,
        state=event.state,
        urgency=event.urgency,
        lang=event.lang,
        channel=event.channel,
        topics=event.topics,
        consultant_alias=event.consultant_alias,
        reason=reason if isinstance(reason, str) else None,
        alert=(", ".join(event.topics) or event.urgency) if alerting else None,
        trace_id=event.trace_id,
    )
