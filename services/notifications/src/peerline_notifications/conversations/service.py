"""A triaged client message: open, reopen or continue a conversation. Services never commit:
the entry point owns the transaction and publishes the returned events after the commit."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from peerline_notifications.audit.transitions import audit_transition
from peerline_notifications.domain import states
from peerline_notifications.domain.notices import Notice
from peerline_notifications.domain.reports import local_day
from peerline_notifications.published_events import consultant_notice, conversation_event
from peerline_notifications.storage.conversation_rows import ConversationRow
from peerline_notifications.storage.rows import back_in_queue_changes, snapshot_changes, snapshot_of
from peerline_notifications.work import Outcome, Tx
from peerline_shared.events import (
    ConversationQueued,
    ConversationUpdated,
    MessageTriaged,
    urgency_rank,
)


async def receive_triaged(tx: Tx, event: MessageTriaged, reopen_window: timedelta, *,
                         zone: ZoneInfo) -> Outcome:
    """The message joins its client's conversation, or opens one (its report day in `zone`).
    The conversation is a plain row here (`tx.rows`): changed as a value, written with the
    batch's other rows in one UPDATE."""
    conversation = await tx.rows.latest_for_client(event.client_id)
    outcome: Outcome | None = None
    if conversation is None or _opens_anew(conversation, tx.now, reopen_window):
        opened = _open(event, tx.now, zone, returning=conversation is not None)
        if await tx.rows.open(opened):
            conversation, outcome = opened, await _opened(tx, opened, event)
        else:  # another replica's first message of this client opened it: continue that one
            conversation = await tx.rows.open_for_client(event.client_id)
            assert conversation is not None, "the unique index refused it: an open one exists"
    if outcome is None:
        assert conversation is not None
        transition = states.client_wrote(snapshot_of(conversation), closed_at=conversation.closed_at,
                                         now=tx.now, reopen_window=reopen_window)
        assert transition is not None, "an open conversation always takes the client's message"
        conversation, outcome = await _continued(tx, conversation, transition, event)
        tx.rows.stage(conversation)
    tx.conversations.add_client_message(event.message_event_id, conversation.id, event.text,
                                        event.received_at)
    return outcome


def _opens_anew(conversation: ConversationRow, now: datetime, reopen_window: timedelta) -> bool:
    """Closed too long ago to reopen: the client's message starts a new conversation."""
    transition = states.client_wrote(
        snapshot_of(conversation), closed_at=conversation.closed_at, now=now, reopen_window=reopen_window
    )
    return transition is None


def _open(event: MessageTriaged, now: datetime, zone: ZoneInfo, *, returning: bool) -> ConversationRow:
    return ConversationRow(
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
        last_offered_at=None,
        route_attempted_at=None,
        queue_notice_sent_at=None,
        after_hours_sent_at=None,
        reply_due_since=None,
        sla_breached=False,
        triage_corrected_at=None,
        client_country=event.place.country if event.place else None,
        client_region=event.place.region if event.place else None,
        returning_client=returning,
        first_aid_sent=event.first_aid_sent,
        first_reply_s=None,
        client_messages=1,  # this message: inserted counted, not updated after
        consultant_messages=0,
        specialist_kind=None,
        referred_at=None,
        due_at=None,
    )


async def _opened(tx: Tx, conversation: ConversationRow, event: MessageTriaged) -> Outcome:
    queued = states.Transition("queued", states.Snapshot("queued"), states.Snapshot("queued"))
    await tx.audit.append_system(
        "queued", conversation.id, tx.now, after={**queued.after.as_audit(), "urgency": conversation.urgency}
    )
    published = conversation_event(
        ConversationQueued, conversation, event, signals=event.signals, reason="new"
    )
    return Outcome(publish=[published], route=[conversation.id])


def _raised_urgency(conversation: ConversationRow, event: MessageTriaged) -> dict[str, Any]:
    """The urgency and signals to take from the message, if it is more urgent (else nothing).
    After a consultant's correction only the new message's own urgency counts: the
    conversation-level one also echoes the earlier messages the consultant already judged."""
    incoming = event.message_urgency if conversation.triage_corrected_at else event.urgency
    if urgency_rank(incoming) >= urgency_rank(conversation.urgency):  # type: ignore[arg-type]
        return {}
    return {"urgency": incoming, "signals": [s.model_dump(mode="json") for s in event.signals]}


async def _continued(
    tx: Tx, conversation: ConversationRow, transition: states.Transition, event: MessageTriaged
) -> tuple[ConversationRow, Outcome]:
    """The conversation as the message leaves it, and what that causes."""
    now = tx.now
    changes = _raised_urgency(conversation, event)
    raised = bool(changes)
    changes["client_messages"] = (conversation.client_messages or 0) + 1
    changes["first_aid_sent"] = conversation.first_aid_sent or event.first_aid_sent
    if event.place is not None:
        changes["client_country"], changes["client_region"] = event.place.country, event.place.region
    changes.update(snapshot_changes(transition.after, conversation.version, now))
    if transition.action == "reopened":
        changes.update(back_in_queue_changes(now), closed_at=None, queue_notice_sent_at=None)
        conversation = conversation._replace(**changes)
        await audit_transition(tx.audit, conversation, transition, now)
        published = conversation_event(
            ConversationQueued, conversation, event, signals=event.signals, reason="reopened"
        )
        return conversation, Outcome(publish=[published], route=[conversation.id])
    if transition.after.state in states.OWNED:
        changes["reply_due_since"] = conversation.reply_due_since or now
    conversation = conversation._replace(**changes)
    outcome = Outcome(
        publish=[conversation_event(ConversationUpdated, conversation, event, signals=event.signals)]
    )
    if transition.before.state != transition.after.state:
        await audit_transition(tx.audit, conversation, transition, now)
    if conversation.state in states.OWNED:
        _tell_owner(outcome, conversation)
    elif raised:
        outcome.route.append(conversation.id)
        outcome.route_reason = "urgency_raised"
    return conversation, outcome


def _tell_owner(outcome: Outcome, conversation: ConversationRow) -> None:
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
