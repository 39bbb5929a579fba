"""A triaged client message: open, reopen or continue a conversation. Services never commit:
the entry point owns the transaction and publishes the returned events after the commit."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from peerline_notifications.audit.transitions import audit_transition
from peerline_notifications.domain import states
from peerline_notifications.domain.notices import Notice
from peerline_notifications.domain.reports import local_day
from peerline_notifications.published_events import consultant_notice, conversation_event
from peerline_notifications.storage.models import Conversation, Message
from peerline_notifications.storage.rows import back_in_queue, snapshot_of, write_snapshot
from peerline_notifications.work import Outcome, Tx
from peerline_shared.events import (
    ConversationQueued,
    ConversationUpdated,
    MessageTriaged,
    urgency_rank,
)


async def receive_triaged(tx: Tx, event: MessageTriaged, reopen_window: timedelta, *,
                         zone: ZoneInfo) -> Outcome:
    """The message joins its client's conversation, or opens one (its report day in `zone`)."""
    conversation = await tx.conversations.get_latest_for_client(event.client_id)
    outcome: Outcome | None = None
    if conversation is None or _opens_anew(conversation, tx.now, reopen_window):
        opened = _open(event, tx.now, zone, returning=conversation is not None)
        if await tx.conversations.open(opened):
            conversation, outcome = opened, await _opened(tx, opened, event)
        else:  # another replica's first message of this client opened it: continue that one
            conversation = await tx.conversations.get_open_for_client(event.client_id)
            assert conversation is not None, "the unique index refused it: an open one exists"
    if outcome is None:
        assert conversation is not None
        transition = states.client_wrote(snapshot_of(conversation), closed_at=conversation.closed_at,
                                         now=tx.now, reopen_window=reopen_window)
        assert transition is not None, "an open conversation always takes the client's message"
        outcome = await _continued(tx, conversation, transition, event)
    tx.conversations.add_message(
        Message(
            id=event.message_event_id,
            conversation_id=conversation.id,
            author="client",
            author_alias=None,
            text=event.text,
            at=event.received_at,
        )
    )
    conversation.client_messages = (conversation.client_messages or 0) + 1
    return outcome


def _opens_anew(conversation: Conversation, now: datetime, reopen_window: timedelta) -> bool:
    """Closed too long ago to reopen: the client's message starts a new conversation."""
    transition = states.client_wrote(
        snapshot_of(conversation), closed_at=conversation.closed_at, now=now, reopen_window=reopen_window
    )
    return transition is None


def _open(event: MessageTriaged, now: datetime, zone: ZoneInfo, *, returning: bool) -> Conversation:
    return Conversation(
        id=uuid.uuid5(event.message_event_id, "conversation"),
        client_id=event.client_id,
        channel=event.channel,
        lang=event.lang,
        state="queued",
        urgency=event.urgency,
        topics=list(event.topics),
        signals=[s.model_dump(mode="json") for s in event.signals],
        consultant_id=None,
        consultant_alias=None,
        outcomes=[],
        version=0,
        created_at=now,
        opened_on=local_day(now, zone),
        waiting_since=now,
        updated_at=now,
        closed_at=None,
        escalation_level=0,
        offered_to=[],
        sla_breached=False,
        client_country=event.place.country if event.place else None,
        client_region=event.place.region if event.place else None,
        returning_client=returning,
        first_aid_sent=event.first_aid_sent,
        first_reply_s=None,
        client_messages=0,
        consultant_messages=0,
    )


async def _opened(tx: Tx, conversation: Conversation, event: MessageTriaged) -> Outcome:
    queued = states.Transition("queued", states.Snapshot("queued"), states.Snapshot("queued"))
    await tx.audit.append_system(
        "queued", conversation.id, tx.now, after={**queued.after.as_audit(), "urgency": conversation.urgency}
    )
    published = conversation_event(
        ConversationQueued, conversation, event, signals=event.signals, reason="new"
    )
    return Outcome(publish=[published], route=[conversation.id])


def _raise_urgency(conversation: Conversation, event: MessageTriaged) -> bool:
    # After a consultant's correction only the new message's own urgency counts: the
    # conversation-level one also echoes the earlier messages the consultant already judged.
    incoming = event.message_urgency if conversation.triage_corrected_at else event.urgency
    if urgency_rank(incoming) >= urgency_rank(conversation.urgency):  # type: ignore[arg-type]
        return False
    conversation.urgency = incoming
    conversation.signals = [s.model_dump(mode="json") for s in event.signals]
    return True


async def _continued(
    tx: Tx, conversation: Conversation, transition: states.Transition, event: MessageTriaged
) -> Outcome:
    now = tx.now
    raised = _raise_urgency(conversation, event)
    conversation.first_aid_sent = conversation.first_aid_sent or event.first_aid_sent
    if event.place is not None:
        conversation.client_country, conversation.client_region = event.place.country, event.place.region
    write_snapshot(conversation, transition.after, now)
    if transition.action == "reopened":
        back_in_queue(conversation, now)
        conversation.closed_at, conversation.queue_notice_sent_at = None, None
        await audit_transition(tx.audit, conversation, transition, now)
        published = conversation_event(
            ConversationQueued, conversation, event, signals=event.signals, reason="reopened"
        )
        return Outcome(publish=[published], route=[conversation.id])
    outcome = Outcome(
        publish=[conversation_event(ConversationUpdated, conversation, event, signals=event.signals)]
    )
    if transition.before.state != transition.after.state:
        await audit_transition(tx.audit, conversation, transition, now)
    if conversation.state in states.OWNED:
        conversation.reply_due_since = conversation.reply_due_since or now
        _tell_owner(outcome, conversation)
    elif raised:
        outcome.route.append(conversation.id)
        outcome.route_reason = "urgency_raised"
    return outcome


def _tell_owner(outcome: Outcome, conversation: Conversation) -> None:
    owner = conversation.consultant_id
    assert owner is not None
    if conversation.urgency == "emergency":
        outcome.publish.append(
            consultant_notice(
                "client_message", [owner], conversation, summary="emergency: the client wrote again"
            )
        )
    else:
        outcome.notices.append(Notice((owner,), "client_message", conversation.id, conversation.urgency))
