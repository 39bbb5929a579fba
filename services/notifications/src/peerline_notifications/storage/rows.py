"""Between a conversation (its ORM object, or a plain `ConversationRow`) and the pure state
machine: read a snapshot, write one back.

These functions change the row in the caller's transaction, or say how a plain row changes,
and nothing else: no audit, no event (those are audit/transitions.py and published_events.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from peerline_notifications.domain.states import Snapshot
from peerline_notifications.storage.conversation_rows import ConversationRow
from peerline_notifications.storage.models import Conversation
from peerline_notifications.storage.queue_page import QueueRow
from peerline_shared.events import Signal

AnyConversation = Conversation | ConversationRow
"""What events, notices and audit records are built from: they only read it."""


def snapshot_of(conversation: AnyConversation) -> Snapshot:
    return Snapshot(
        conversation.state,  # type: ignore[arg-type]
        conversation.consultant_id,
        conversation.consultant_alias,
        tuple(conversation.outcomes),
    )


def snapshot_changes(after: Snapshot, version: int, now: datetime) -> dict[str, Any]:
    """The state machine's decision as the columns it changes (state, owner, outcomes, version)."""
    return {"state": after.state, "consultant_id": after.owner_id, "consultant_alias": after.owner_alias,
            "outcomes": list(after.outcomes), "updated_at": now, "version": version + 1}


def back_in_queue_changes(waiting_since: datetime) -> dict[str, Any]:
    """Routing starts over: nobody offered, level 0, SLA clock from `waiting_since`."""
    return {"waiting_since": waiting_since, "escalation_level": 0, "offered_to": [], "last_offered_at": None,
            "route_attempted_at": None, "reply_due_since": None, "sla_breached": False}


def write_snapshot(conversation: Conversation, after: Snapshot, now: datetime) -> None:
    """The state machine's decision, written to the row."""
    _write(conversation, snapshot_changes(after, conversation.version, now))


def back_in_queue(conversation: Conversation, waiting_since: datetime) -> None:
    _write(conversation, back_in_queue_changes(waiting_since))


def _write(conversation: Conversation, changes: dict[str, Any]) -> None:
    for name, value in changes.items():
        setattr(conversation, name, value)


def signals_of(conversation: AnyConversation | QueueRow) -> tuple[Signal, ...]:
    """The triage signals stored with the row, as the contract's `Signal`s."""
    return tuple(Signal.model_validate(signal) for signal in conversation.signals)
