"""Triage of one inbound message: classify, apply conversation context, decide the first aid."""

from __future__ import annotations

from collections.abc import Sequence

from peerline_shared.events import (
    ClientMessageReceived,
    MessageTriaged,
    OutboundMessageRequested,
    Signal,
    derived_id,
)
from peerline_shared.i18n import Catalogue
from peerline_triage.classifier import Classification, Urgency, conversation_urgency


def triaged_event(
    event: ClientMessageReceived,
    result: Classification,
    conversation_level: Urgency,
    first_aid_sent: bool,
) -> MessageTriaged:
    return MessageTriaged(
        event_id=derived_id(event.event_id, "triaged"),
        trace_id=event.trace_id,
        message_event_id=event.event_id,
        received_at=event.occurred_at,
        client_id=event.client_id,
        channel=event.channel,
        text=event.text,
        conversation_id=event.conversation_id,
        client_message_id=event.client_message_id,
        is_correction=event.is_correction,
        urgency=conversation_level,
        message_urgency=result.urgency,
        topics=result.topics or ("other",),
        lang=result.lang,
        confidence=result.confidence,
        signals=tuple(
            Signal(cue=s.cue, kind=s.kind, label=s.label, words=s.words, weight=s.weight)
            for s in result.signals
        ),
        emergency_kind=result.emergency_kind,
        first_aid_sent=first_aid_sent,
    )


def first_aid_reply(
    event: ClientMessageReceived, result: Classification, texts: Catalogue
) -> OutboundMessageRequested | None:
    """The emergency auto-reply, sent before any person acts; None when not an emergency."""
    if result.urgency != "emergency":
        return None
    kind = result.emergency_kind or "other"
    return OutboundMessageRequested(
        event_id=derived_id(event.event_id, "first_aid"),
        trace_id=event.trace_id,
        client_id=event.client_id,
        channel=event.channel,
        conversation_id=event.conversation_id,
        text=texts.get(f"firstaid.{kind}", result.lang),
        kind="first_aid",
        lang=result.lang,
    )


def decide(
    event: ClientMessageReceived,
    result: Classification,
    recent: Sequence[Urgency],
    texts: Catalogue,
) -> tuple[MessageTriaged, OutboundMessageRequested | None]:
    reply = first_aid_reply(event, result, texts)
    level = conversation_urgency(result.urgency, recent)
    return triaged_event(event, result, level, reply is not None), reply
