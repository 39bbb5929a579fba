"""Between the ORM row, the pure state machine, the audit and the published facts."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from peerline_notifications.audit.repository import SYSTEM_ACTOR, AuditRepository
from peerline_notifications.conversations.models import Conversation
from peerline_notifications.domain.states import Person, Snapshot, Transition
from peerline_shared.events import (
    Actor,
    ConsultantNotified,
    ConversationEvent,
    EventBase,
    Signal,
    derived_id,
)
from peerline_shared.events import subjects as subj

Publication = tuple[EventBase, str]


def snapshot_of(conversation: Conversation) -> Snapshot:
    return Snapshot(
        conversation.state,  # type: ignore[arg-type]
        conversation.consultant_id,
        conversation.consultant_alias,
        tuple(conversation.outcomes),
    )


def person_of(actor: Actor) -> Person:
    return Person(actor.consultant_id, actor.alias, actor.role)


def apply(conversation: Conversation, after: Snapshot, now: datetime) -> None:
    conversation.state = after.state
    conversation.consultant_id, conversation.consultant_alias = after.owner_id, after.owner_alias
    conversation.outcomes = list(after.outcomes)
    conversation.updated_at = now
    conversation.version += 1


def back_in_queue(conversation: Conversation, waiting_since: datetime) -> None:
    """Routing starts over: nobody offered, level 0, SLA clock from `waiting_since`."""
    conversation.waiting_since = waiting_since
    conversation.escalation_level, conversation.offered_to = 0, []
    conversation.last_offered_at = conversation.route_attempted_at = None
    conversation.reply_due_since, conversation.sla_breached = None, False


async def audit_transition(
    audit: AuditRepository,
    conversation: Conversation,
    transition: Transition,
    at: datetime,
    *,
    by: Person | None = None,
    **extra: object,
) -> None:
    actor_id, alias = (str(by.consultant_id), by.alias) if by else SYSTEM_ACTOR
    await audit.append(
        actor_id=actor_id,
        actor_alias=alias,
        action=transition.action,
        conversation_id=conversation.id,
        at=at,
        before={**transition.before.as_audit(), "urgency": conversation.urgency},
        after={**transition.after.as_audit(), "urgency": conversation.urgency, **extra},
    )


def fact(
    kind: type[ConversationEvent],
    conversation: Conversation,
    cause: EventBase | None = None,
    **extra: object,
) -> Publication:
    """A conversation fact (never the client id: consoles receive these as they are)."""
    ids: dict[str, object] = {}
    if cause is not None:  # a redelivered cause yields the same fact id (JetStream drops it)
        ids = {
            "trace_id": cause.trace_id,
            "event_id": derived_id(cause.event_id, kind.__name__, str(conversation.id)),
        }
    event = kind(
        conversation_id=conversation.id,
        state=conversation.state,  # type: ignore[arg-type]
        urgency=conversation.urgency,  # type: ignore[arg-type]
        lang=conversation.lang,  # type: ignore[arg-type]
        channel=conversation.channel,  # type: ignore[arg-type]
        topics=tuple(conversation.topics),  # type: ignore[arg-type]
        consultant_id=conversation.consultant_id,
        consultant_alias=conversation.consultant_alias,
        **ids,
        **extra,
    )
    return event, subj.conversation(event.type.split(".", 1)[1])


def notice(
    kind: str,
    consultant_ids: Iterable[uuid.UUID],
    conversation: Conversation,
    *,
    summary: str = "",
    repeat: int = 0,
    trace_id: str | None = None,
) -> Publication:
    """An immediate consultant notice: ids, kind, urgency; no client data."""
    extra = {"trace_id": trace_id} if trace_id else {}
    event = ConsultantNotified(
        consultant_ids=tuple(consultant_ids),
        kind=kind,  # type: ignore[arg-type]
        conversation_id=conversation.id,
        urgency=conversation.urgency,  # type: ignore[arg-type]
        summary=summary,
        repeat=repeat,
        **extra,
    )
    return event, subj.CONSULTANT_NOTIFIED


def signals_of(conversation: Conversation) -> tuple[Signal, ...]:
    return tuple(Signal.model_validate(signal) for signal in conversation.signals)
