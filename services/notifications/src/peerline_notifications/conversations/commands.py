"""Console commands: claim, reply, note, transfer, close. Each is one pure decision
(domain/states.py), applied, audited with before/after, and reported as facts."""

from __future__ import annotations

import uuid

from peerline_notifications.audit.transitions import audit_transition
from peerline_notifications.domain import states
from peerline_notifications.domain.states import Person
from peerline_notifications.metrics import CLAIM_CONFLICTS
from peerline_notifications.published_events import consultant_notice, conversation_event
from peerline_notifications.storage.models import Conversation, Message
from peerline_notifications.storage.rows import back_in_queue, snapshot_of, write_snapshot
from peerline_notifications.work import Outcome, Tx
from peerline_shared.events import (
    AddNote,
    ClaimConversation,
    CloseConversation,
    CommandResult,
    ConversationClaimed,
    ConversationClosed,
    ConversationRequeued,
    ConversationTransferred,
    ConversationUpdated,
    OutboundMessageRequested,
    ReplyToClient,
    TransferConversation,
    derived_id,
)
from peerline_shared.events import subjects as subj

NOT_FOUND = CommandResult(ok=False, error="not_found", detail="no such conversation")


def refused(decision: states.Refusal) -> Outcome:
    return Outcome(
        CommandResult(
            ok=False, error=decision.error, detail=decision.detail, holder_alias=decision.holder_alias
        )
    )


async def claim(tx: Tx, command: ClaimConversation, capacity: int) -> Outcome:
    person = Person.of(command.actor)
    # `work.run`'s default scope runs this alone (write_locks.EVERY_WRITE): the capacity
    # count and the claim are serialised with every other claim and routing.
    conversation = await tx.conversations.get(command.conversation_id)
    if conversation is None:
        return Outcome(NOT_FOUND)
    active = await tx.conversations.count_active(person.consultant_id)
    decision = states.claim(snapshot_of(conversation), person, active_count=active, capacity=capacity)
    if isinstance(decision, states.Unchanged):
        return Outcome(CommandResult(ok=True, holder_alias=person.alias, detail=decision.reason))
    if isinstance(decision, states.Refusal):
        return _claim_refused(decision, conversation)
    won = await tx.conversations.claim(conversation.id, person.consultant_id, person.alias, tx.now)
    await tx.session.refresh(conversation)
    if not won:  # only in a narrower scope (a future caller): the conditional UPDATE still holds
        return _claim_refused(None, conversation)
    await audit_transition(tx.audit, conversation, decision, tx.now, by=person)
    outcome = Outcome(
        CommandResult(ok=True, holder_alias=person.alias),
        [conversation_event(ConversationClaimed, conversation, command)],
    )
    others = [uuid.UUID(i) for i in conversation.offered_to if uuid.UUID(i) != person.consultant_id]
    if others:
        outcome.publish.append(
            consultant_notice(
                "taken", others, conversation, summary=f"taken by {person.alias}", trace_id=command.trace_id
            )
        )
    return outcome


def _claim_refused(decision: states.Refusal | None, conversation: Conversation) -> Outcome:
    if decision is not None and decision.error != "already_claimed":
        return refused(decision)
    CLAIM_CONFLICTS.inc()
    holder = conversation.consultant_alias
    return Outcome(
        CommandResult(
            ok=False, error="already_claimed", holder_alias=holder, detail=f"{holder or 'someone'} has it"
        )
    )


async def reply(tx: Tx, command: ReplyToClient) -> Outcome:
    conversation = await tx.conversations.get(command.conversation_id)
    if conversation is None:
        return Outcome(NOT_FOUND)
    person = Person.of(command.actor)
    decision = states.reply(snapshot_of(conversation), person)
    if isinstance(decision, states.Refusal | states.Unchanged):
        return refused(decision) if isinstance(decision, states.Refusal) else Outcome()
    if conversation.client_id is None:
        return Outcome(
            CommandResult(ok=False, error="client_gone", detail="the client asked to be forgotten")
        )
    message_id = derived_id(command.event_id, "message")
    tx.conversations.add_message(
        Message(
            id=message_id,
            conversation_id=conversation.id,
            author="consultant",
            author_alias=person.alias,
            text=command.text,
            at=tx.now,
        )
    )
    write_snapshot(conversation, decision.after, tx.now)
    conversation.reply_due_since = None
    conversation.consultant_messages = (conversation.consultant_messages or 0) + 1
    if conversation.first_reply_s is None:
        conversation.first_reply_s = max(0, int((tx.now - conversation.created_at).total_seconds()))
    await audit_transition(tx.audit, conversation, decision, tx.now, by=person)
    outbound = OutboundMessageRequested(
        event_id=message_id,
        trace_id=command.trace_id,
        client_id=conversation.client_id,
        channel=conversation.channel,  # type: ignore[arg-type]
        conversation_id=conversation.id,
        text=command.text,
        kind="consultant_reply",
        sender_alias=person.alias,
        lang=conversation.lang,  # type: ignore[arg-type]
    )
    return Outcome(
        CommandResult(ok=True),
        [
            (outbound, subj.outbound(outbound.channel)),
            conversation_event(ConversationUpdated, conversation, command, reason="consultant_replied"),
        ],
    )


async def add_note(tx: Tx, command: AddNote) -> Outcome:
    conversation = await tx.conversations.get(command.conversation_id)
    if conversation is None:
        return Outcome(NOT_FOUND)
    person = Person.of(command.actor)
    decision = states.add_note(snapshot_of(conversation), person)
    if not isinstance(decision, states.Transition):
        return refused(decision) if isinstance(decision, states.Refusal) else Outcome()
    tx.conversations.add_message(
        Message(
            id=derived_id(command.event_id, "note"),
            conversation_id=conversation.id,
            author="note",
            author_alias=person.alias,
            text=command.text,
            at=tx.now,
        )
    )
    await audit_transition(tx.audit, conversation, decision, tx.now, by=person)
    return Outcome(
        CommandResult(ok=True),
        [conversation_event(ConversationUpdated, conversation, command, reason="note_added")],
    )


async def transfer(
    tx: Tx, command: TransferConversation, target: states.Person | None, target_capacity: int
) -> Outcome:
    conversation = await tx.conversations.get(command.conversation_id)
    if conversation is None:
        return Outcome(NOT_FOUND)
    person = Person.of(command.actor)
    target_active = await tx.conversations.count_active(target.consultant_id) if target else 0
    decision = states.transfer(
        snapshot_of(conversation),
        person,
        to=target,
        target_active=target_active,
        target_capacity=target_capacity,
    )
    if not isinstance(decision, states.Transition):
        return refused(decision) if isinstance(decision, states.Refusal) else Outcome()
    previous = conversation.consultant_id
    write_snapshot(conversation, decision.after, tx.now)
    if target is None:
        back_in_queue(conversation, tx.now)
        await audit_transition(tx.audit, conversation, decision, tx.now, by=person, to="queue")
        published = conversation_event(
            ConversationRequeued, conversation, command, previous_consultant_id=previous, reason="transfer"
        )
        return Outcome(CommandResult(ok=True), [published], route=[conversation.id], route_reason="transfer")
    conversation.reply_due_since = tx.now
    await audit_transition(tx.audit, conversation, decision, tx.now, by=person, to=str(target.consultant_id))
    assert previous is not None
    return Outcome(
        CommandResult(ok=True, holder_alias=target.alias),
        [
            conversation_event(
                ConversationTransferred, conversation, command, previous_consultant_id=previous
            ),
            consultant_notice(
                "transferred_to_you",
                [target.consultant_id],
                conversation,
                summary=f"from {person.alias}",
                trace_id=command.trace_id,
            ),
        ],
    )


async def close(tx: Tx, command: CloseConversation) -> Outcome:
    conversation = await tx.conversations.get(command.conversation_id)
    if conversation is None:
        return Outcome(NOT_FOUND)
    person = Person.of(command.actor)
    decision = states.close(snapshot_of(conversation), person, tuple(command.outcomes))
    if not isinstance(decision, states.Transition):
        return refused(decision) if isinstance(decision, states.Refusal) else Outcome(CommandResult(ok=True))
    write_snapshot(conversation, decision.after, tx.now)
    conversation.closed_at, conversation.reply_due_since = tx.now, None
    conversation.specialist_kind = None  # a referral ends with the conversation (reopening starts afresh)
    await audit_transition(tx.audit, conversation, decision, tx.now, by=person)
    return Outcome(
        CommandResult(ok=True),
        [conversation_event(ConversationClosed, conversation, command, outcomes=command.outcomes)],
    )
