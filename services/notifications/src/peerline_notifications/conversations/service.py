"""Decisions about conversations. Services never commit: the entry point owns the
transaction and publishes the returned events after the commit."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from peerline_notifications.audit.repository import AuditRepository
from peerline_notifications.conversations.models import Conversation, Message
from peerline_notifications.conversations.repository import (
    OPEN_STATES,
    ConversationRepository,
)
from peerline_shared.events import (
    Actor,
    ClaimConversation,
    CloseConversation,
    CommandResult,
    ConversationClaimed,
    ConversationClosed,
    ConversationEvent,
    ConversationQueued,
    ConversationUpdated,
    EventBase,
    MessageTriaged,
    OutboundMessageRequested,
    ReplyToClient,
    Signal,
    derived_id,
    urgency_rank,
)
from peerline_shared.events import subjects as subj


@dataclass
class Outcome:
    """What a command or event produced: a reply, and events to publish after commit."""

    result: CommandResult | None = None
    publish: list[tuple[EventBase, str]] = field(default_factory=list)


SYSTEM = ("system", "system")


def _snapshot(conversation: Conversation) -> dict[str, object]:
    return {
        "state": conversation.state,
        "urgency": conversation.urgency,
        "consultant_id": str(conversation.consultant_id) if conversation.consultant_id else None,
    }


def _fact(
    kind: type[ConversationEvent], conversation: Conversation, cause: EventBase, **extra: object
) -> ConversationEvent:
    return kind(
        event_id=derived_id(cause.event_id, kind.__name__),
        trace_id=cause.trace_id,
        conversation_id=conversation.id,
        state=conversation.state,  # type: ignore[arg-type]
        urgency=conversation.urgency,  # type: ignore[arg-type]
        lang=conversation.lang,  # type: ignore[arg-type]
        channel=conversation.channel,  # type: ignore[arg-type]
        topics=tuple(conversation.topics),  # type: ignore[arg-type]
        consultant_id=conversation.consultant_id,
        consultant_alias=conversation.consultant_alias,
        **extra,
    )


async def receive_triaged(
    conversations: ConversationRepository,
    audit: AuditRepository,
    event: MessageTriaged,
    now: datetime,
    reopen_window: timedelta,
) -> Outcome:
    conversation = await conversations.get_latest_for_client(event.client_id)
    is_new = conversation is None or (
        conversation.state == "closed" and now - conversation.updated_at > reopen_window
    )
    signals = [signal.model_dump(mode="json") for signal in event.signals]
    if is_new or conversation is None:
        conversation = _open(event, now, signals)
        conversations.add(conversation)
        await conversations.session.flush()
        action, fact_kind = "queued", ConversationQueued
    else:
        action, fact_kind = _continue(conversation, event, now, signals)
    conversations.add_message(
        Message(id=event.message_event_id, conversation_id=conversation.id, author="client",
                author_alias=None, text=event.text, at=event.received_at)
    )
    await audit.append(actor_id=SYSTEM[0], actor_alias=SYSTEM[1], action=action,
                       conversation_id=conversation.id, at=now, after=_snapshot(conversation))
    fact = _fact(fact_kind, conversation, event, signals=event.signals)
    return Outcome(publish=[(fact, subj.conversation(fact.type.split(".")[1]))])


def _open(event: MessageTriaged, now: datetime, signals: list[dict[str, object]]) -> Conversation:
    return Conversation(
        id=uuid.uuid5(event.message_event_id, "conversation"), client_id=event.client_id,
        channel=event.channel, lang=event.lang, state="queued", urgency=event.urgency,
        topics=list(event.topics), signals=signals, consultant_id=None, consultant_alias=None,
        outcomes=[], version=0, created_at=now, waiting_since=now, updated_at=now,
        closed_at=None,
    )


def _continue(
    conversation: Conversation, event: MessageTriaged, now: datetime, signals: list[dict[str, object]]
) -> tuple[str, type[ConversationEvent]]:
    if urgency_rank(event.urgency) < urgency_rank(conversation.urgency):  # type: ignore[arg-type]
        conversation.urgency = event.urgency
        conversation.signals = signals
    conversation.updated_at = now
    if conversation.state == "closed":
        conversation.state, conversation.consultant_id, conversation.consultant_alias = "queued", None, None
        conversation.waiting_since, conversation.closed_at = now, None
        return "reopened", ConversationQueued
    if conversation.state == "waiting":
        conversation.state = "active"
    return "queued" if conversation.state != "active" else "noted", ConversationUpdated


async def claim(
    conversations: ConversationRepository, audit: AuditRepository, command: ClaimConversation, now: datetime
) -> Outcome:
    actor = command.actor
    won = await conversations.claim(command.conversation_id, actor.consultant_id, actor.alias, now)
    conversation = await conversations.get(command.conversation_id)
    if conversation is None:
        return Outcome(CommandResult(ok=False, error="not_found", detail="no such conversation"))
    await conversations.session.refresh(conversation)
    if not won:
        return Outcome(CommandResult(ok=False, error="already_claimed", holder_alias=conversation.consultant_alias,
                                     detail=f"{conversation.consultant_alias or 'someone'} has it"))
    await audit.append(actor_id=str(actor.consultant_id), actor_alias=actor.alias, action="claimed",
                       conversation_id=conversation.id, at=now, before={"state": "queued"},
                       after=_snapshot(conversation))
    fact = _fact(ConversationClaimed, conversation, command)
    return Outcome(CommandResult(ok=True, holder_alias=actor.alias), [(fact, subj.conversation("claimed"))])


def _owned_by(conversation: Conversation | None, actor: Actor) -> CommandResult | None:
    if conversation is None:
        return CommandResult(ok=False, error="not_found", detail="no such conversation")
    if conversation.state not in OPEN_STATES or conversation.consultant_id != actor.consultant_id:
        if actor.role == "consultant" or conversation.state not in OPEN_STATES:
            return CommandResult(ok=False, error="not_yours", holder_alias=conversation.consultant_alias,
                                 detail="claim the conversation first")
    return None


async def reply(
    conversations: ConversationRepository, audit: AuditRepository, command: ReplyToClient, now: datetime
) -> Outcome:
    conversation = await conversations.get(command.conversation_id)
    refusal = _owned_by(conversation, command.actor)
    if refusal is not None or conversation is None:
        return Outcome(refusal)
    message_id = derived_id(command.event_id, "message")
    conversations.add_message(Message(id=message_id, conversation_id=conversation.id, author="consultant",
                                      author_alias=command.actor.alias, text=command.text, at=now))
    conversation.state, conversation.updated_at = "waiting", now
    await audit.append(actor_id=str(command.actor.consultant_id), actor_alias=command.actor.alias,
                       action="replied", conversation_id=conversation.id, at=now, after=_snapshot(conversation))
    if conversation.client_id is None:
        return Outcome(CommandResult(ok=False, error="client_gone", detail="the client asked to be forgotten"))
    outbound = OutboundMessageRequested(
        event_id=message_id, trace_id=command.trace_id, client_id=conversation.client_id,
        channel=conversation.channel,  # type: ignore[arg-type]
        conversation_id=conversation.id, text=command.text, kind="consultant_reply",
        sender_alias=command.actor.alias, lang=conversation.lang,  # type: ignore[arg-type]
    )
    return Outcome(CommandResult(ok=True), [(outbound, subj.outbound(outbound.channel))])


async def close(
    conversations: ConversationRepository, audit: AuditRepository, command: CloseConversation, now: datetime
) -> Outcome:
    conversation = await conversations.get(command.conversation_id)
    refusal = _owned_by(conversation, command.actor)
    if refusal is not None or conversation is None:
        return Outcome(refusal)
    before = _snapshot(conversation)
    conversation.state, conversation.updated_at, conversation.closed_at = "closed", now, now
    conversation.outcomes = list(command.outcomes)
    await audit.append(actor_id=str(command.actor.consultant_id), actor_alias=command.actor.alias,
                       action="closed", conversation_id=conversation.id, at=now, before=before,
                       after={**_snapshot(conversation), "outcomes": list(command.outcomes)})
    fact = _fact(ConversationClosed, conversation, command, outcomes=command.outcomes)
    return Outcome(CommandResult(ok=True), [(fact, subj.conversation("closed"))])


def signals_of(conversation: Conversation) -> tuple[Signal, ...]:
    return tuple(Signal.model_validate(signal) for signal in conversation.signals)
