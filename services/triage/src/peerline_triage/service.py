"""Triage of one inbound message: classify, apply conversation context, decide the first aid."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from peerline_shared.events import (
    ClientMessageReceived,
    EmergencyTier,
    Lang,
    MessageTriaged,
    OutboundMessageRequested,
    Signal,
    derived_id,
)
from peerline_shared.i18n import Catalogue
from peerline_shared.places import emergency_values
from peerline_triage.classifier import Classification, Urgency, conversation_urgency


def triaged_event(
    event: ClientMessageReceived,
    result: Classification,
    conversation_level: Urgency,
    reply_sent: bool,
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
        lang=reply_lang(event, result),
        confidence=result.confidence,
        signals=tuple(
            Signal(cue=s.cue, kind=s.kind, label=s.label, words=s.words, weight=s.weight)
            for s in result.signals
        ),
        emergency_kind=result.emergency_kind,
        first_aid_sent=reply_sent and result.first_aid,
        emergency_tier=tier_of(result),
        place=event.place,
    )


def tier_of(result: Classification) -> EmergencyTier | None:
    if result.urgency != "emergency":
        return None
    return "certain" if result.first_aid else "possible"


def reply_lang(event: ClientMessageReceived, result: Classification) -> Lang:
    """The client's chosen language when the channel knows it, else the one detected."""
    return event.lang_hint or result.lang


def first_aid_reply(
    event: ClientMessageReceived, result: Classification, texts: Catalogue
) -> OutboundMessageRequested | None:
    """The emergency auto-reply, sent before any person acts; None when not an emergency.

    A certain emergency gets the full first aid for its kind; a possible one the short safety
    message (call an ambulance, a person is coming). Both are kind "first_aid" on the wire (a
    new kind would be rejected by consumers that predate it) with the same derived id, so the
    lookout's copy and the main path's are still one message. The numbers are those of the
    country the client said they are in (Ukraine's and the EU's if they did not say)."""
    if result.urgency != "emergency":
        return None
    key = f"firstaid.{result.emergency_kind or 'other'}" if result.first_aid else "safety.possible"
    lang = reply_lang(event, result)
    return OutboundMessageRequested(
        event_id=derived_id(event.event_id, "first_aid"),
        trace_id=event.trace_id,
        client_id=event.client_id,
        channel=event.channel,
        conversation_id=event.conversation_id,
        text=first_aid_text(texts, key, lang, event.place.country if event.place else None),
        kind="first_aid",
        lang=lang,
    )


def first_aid_text(texts: Catalogue, key: str, lang: Lang, country: str | None) -> str:
    """A first-aid text with the emergency numbers of `country`; Ukraine's crisis line only
    where it can be called (in Ukraine, or most likely there: the client did not say)."""
    crisis_line = texts.get("crisis_line.ua", lang) if country in (None, "UA") else ""
    return texts.get(key, lang, crisis_line=crisis_line, **emergency_values(country, lang))


def decide(
    event: ClientMessageReceived,
    result: Classification,
    recent: Sequence[Urgency],
    texts: Catalogue,
) -> tuple[MessageTriaged, OutboundMessageRequested | None]:
    reply = first_aid_reply(event, result, texts)
    level = conversation_urgency(result.urgency, recent)
    return triaged_event(event, result, level, reply is not None), reply


Decision = tuple[MessageTriaged, OutboundMessageRequested | None]


def decide_batch(
    events: Sequence[ClientMessageReceived],
    results: Sequence[Classification],
    recent: Mapping[str, Sequence[Urgency]],
    texts: Catalogue,
    remembered: int = 10,
) -> list[Decision]:
    """`decide` for a batch in stream order, as if one at a time: each message's urgency joins
    its client's context (newest first, at most `remembered`) before that client's next message."""
    context = {client_id: list(urgencies) for client_id, urgencies in recent.items()}
    decisions: list[Decision] = []
    for event, result in zip(events, results, strict=True):
        history = context.setdefault(event.client_id, [])
        decisions.append(decide(event, result, tuple(history), texts))
        history.insert(0, result.urgency)
        del history[remembered:]
    return decisions


def early_first_aid(
    events: Sequence[ClientMessageReceived],
    results: Sequence[Classification],
    texts: Catalogue,
    *,
    now: datetime,
    max_age: timedelta,
) -> list[OutboundMessageRequested]:
    """The first aid the lookout sends ahead of the queue: every emergency young enough that
    the main path cannot have sent it long ago (JetStream drops the second one, by its derived
    id, only within its duplicate window)."""
    replies = (
        first_aid_reply(event, result, texts)
        for event, result in zip(events, results, strict=True)
        if now - event.occurred_at <= max_age
    )
    return [reply for reply in replies if reply is not None]
