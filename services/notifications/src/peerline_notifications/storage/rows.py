"""Between a conversation's ORM row and the pure state machine: read a snapshot, write one back.

These functions change the row in the caller's transaction and nothing else: no audit, no
event (those are audit/transitions.py and published_events.py)."""

from __future__ import annotations

from datetime import datetime

from peerline_notifications.domain.states import Snapshot
from peerline_notifications.storage.models import Conversation
from peerline_shared.events import Signal


def snapshot_of(conversation: Conversation) -> Snapshot:
    return Snapshot(
        conversation.state,  # type: ignore[arg-type]
        conversation.consultant_id,
        conversation.consultant_alias,
        tuple(conversation.outcomes),
    )


def write_snapshot(conversation: Conversation, after: Snapshot, now: datetime) -> None:
    """The state machine's decision, written to the row (state, owner, outcomes, version)."""
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


def signals_of(conversation: Conversation) -> tuple[Signal, ...]:
    """The triage signals stored with the row, as the contract's `Signal`s."""
    return tuple(Signal.model_validate(signal) for signal in conversation.signals)
