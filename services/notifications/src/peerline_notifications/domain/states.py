"""The conversation state machine, pure.

queued → offered → active (claimed) → waiting (for the client) → closed, with:
- reopened: closed → queued when the same client writes within the reopen window;
- transfer: active/waiting → active with another owner, or back to queued;
- requeue: active → queued when the owner has not replied in time.

Each function returns a `Transition` (the service applies `after` and audits before/after),
an `Unchanged` (an idempotent repeat), or a `Refusal` with an error code the console shows.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Literal

from peerline_shared.events import Actor
from peerline_shared.events.vocabulary import (
    OPEN_STATES,
    OWNED_STATES,
    SUPERVISING_ROLES,
    UNCLAIMED_STATES,
    ConversationState,
)
from peerline_shared.events.vocabulary import Role as Role

State = ConversationState
UNCLAIMED: frozenset[str] = frozenset(UNCLAIMED_STATES)
OWNED: frozenset[str] = frozenset(OWNED_STATES)
OPEN: frozenset[str] = frozenset(OPEN_STATES)


@dataclass(frozen=True)
class Person:
    consultant_id: uuid.UUID
    alias: str
    role: Role = "consultant"

    @classmethod
    def of(cls, actor: Actor) -> Person:
        """The person acting in the console, as the state machine knows them."""
        return cls(actor.consultant_id, actor.alias, actor.role)

    @property
    def is_supervisor(self) -> bool:
        return self.role in SUPERVISING_ROLES


@dataclass(frozen=True)
class Snapshot:
    """What the state machine needs of a conversation (and what the audit records)."""

    state: State
    owner_id: uuid.UUID | None = None
    owner_alias: str | None = None
    outcomes: tuple[str, ...] = ()

    def as_audit(self) -> dict[str, object]:
        return {
            "state": self.state,
            "consultant_id": str(self.owner_id) if self.owner_id else None,
            "consultant_alias": self.owner_alias,
            "outcomes": list(self.outcomes),
        }


@dataclass(frozen=True)
class Transition:
    action: str
    before: Snapshot
    after: Snapshot


@dataclass(frozen=True)
class Unchanged:
    reason: str


@dataclass(frozen=True)
class Refusal:
    error: str
    detail: str
    holder_alias: str | None = None


Decision = Transition | Unchanged | Refusal
QUEUED = Snapshot("queued")


def client_wrote(
    current: Snapshot, *, closed_at: datetime | None, now: datetime, reopen_window: timedelta
) -> Transition | None:
    """None means "start a new conversation": this one closed longer ago than the window."""
    if current.state == "closed":
        if closed_at is None or now - closed_at > reopen_window:
            return None
        return Transition("reopened", current, QUEUED)
    if current.state == "waiting":
        return Transition("client_wrote", current, replace(current, state="active"))
    return Transition("client_wrote", current, current)


def offer(current: Snapshot, *, action: Literal["offered", "escalated"]) -> Decision:
    if current.state not in UNCLAIMED:
        return Refusal("not_queued", f"cannot offer a conversation that is {current.state}")
    return Transition(action, current, replace(current, state="offered"))


def claim(current: Snapshot, person: Person, *, active_count: int, capacity: int) -> Decision:
    if current.state == "closed":
        return Refusal("closed", "the conversation is closed")
    if current.state in OWNED:
        if current.owner_id == person.consultant_id:
            return Unchanged("already yours")
        holder = current.owner_alias
        return Refusal("already_claimed", f"{holder or 'someone'} has it", holder_alias=holder)
    if not person.is_supervisor and active_count >= capacity:
        return Refusal("at_capacity", f"you already hold {active_count} of {capacity} conversations")
    after = Snapshot("active", person.consultant_id, person.alias)
    return Transition("claimed", current, after)


def _may_act(current: Snapshot, person: Person) -> Refusal | None:
    if current.state not in OWNED:
        detail = "the conversation is closed" if current.state == "closed" else "claim it first"
        return Refusal("not_claimed" if current.state != "closed" else "closed", detail)
    if current.owner_id != person.consultant_id and not person.is_supervisor:
        return Refusal("not_yours", "another consultant holds it", holder_alias=current.owner_alias)
    return None


def reply(current: Snapshot, person: Person) -> Decision:
    refusal = _may_act(current, person)
    return refusal or Transition("replied", current, replace(current, state="waiting"))


def add_note(current: Snapshot, person: Person) -> Decision:
    """Notes never change state; anyone may note an unclaimed one, else owner or supervisor."""
    owned_by_other = current.owner_id not in (None, person.consultant_id)
    if current.state in OWNED and owned_by_other and not person.is_supervisor:
        return Refusal("not_yours", "another consultant holds it", holder_alias=current.owner_alias)
    return Transition("noted", current, current)


def transfer(
    current: Snapshot,
    person: Person,
    *,
    to: Person | None,
    target_active: int = 0,
    target_capacity: int = 1,
) -> Decision:
    refusal = _may_act(current, person)
    if refusal is not None:
        return refusal
    if to is None:
        return Transition("transferred", current, QUEUED)
    if to.consultant_id == current.owner_id:
        return Refusal("invalid", "the conversation is already theirs")
    if not to.is_supervisor and target_active >= target_capacity:
        return Refusal("at_capacity", f"{to.alias} has no room", holder_alias=to.alias)
    return Transition("transferred", current, Snapshot("active", to.consultant_id, to.alias))


def requeue_inactive(current: Snapshot) -> Decision:
    if current.state != "active":
        return Refusal("not_active", "only a conversation awaiting a consultant reply is requeued")
    return Transition("requeued", current, QUEUED)


def close(current: Snapshot, person: Person, outcomes: tuple[str, ...]) -> Decision:
    if current.state == "closed":
        return Unchanged("already closed")
    if current.state in UNCLAIMED and not person.is_supervisor:
        return Refusal("not_claimed", "claim it first (or ask a supervisor to close it)")
    refusal = _may_act(current, person) if current.state in OWNED else None
    return refusal or Transition("closed", current, replace(current, state="closed", outcomes=outcomes))


def close_by_system(current: Snapshot, outcome: str) -> Decision:
    if current.state == "closed":
        return Unchanged("already closed")
    return Transition("closed", current, replace(current, state="closed", outcomes=(outcome,)))
