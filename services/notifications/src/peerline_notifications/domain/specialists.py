"""Referral to a kind of specialist, pure: who may refer, who may take it, and what the client
is told about when a specialist will answer.

A referred conversation waits in its kind's queue: routing leaves it alone and the SLA loop
does not escalate it while unclaimed. The referring consultant keeps it (it stays theirs until
a specialist claims it, which hands it over) or releases it (it waits unassigned).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Literal

from peerline_notifications.domain.states import (
    OWNED,
    QUEUED,
    Decision,
    Person,
    Refusal,
    Snapshot,
    Transition,
    Unchanged,
)

Horizon = Literal["now", "hours", "days", "unknown"]
HOURS_HORIZON = timedelta(hours=24)
"""Up to a day away the client is told hours; beyond, days."""


@dataclass(frozen=True)
class RoughlyWhen:
    """When a specialist should answer, as the client is told: `amount` hours or days."""

    horizon: Horizon
    amount: int = 0

    @property
    def message_key(self) -> str:
        return f"specialist.{self.horizon}"


def roughly_when(now: datetime, next_available: Iterable[datetime | None]) -> RoughlyWhen:
    """From each specialist's next available instant (None: no availability given): "now" when
    one is available, else the soonest in whole hours (rounded up) within a day, else whole
    days; "unknown" when nobody has said when they answer."""
    soonest = min((at for at in next_available if at is not None), default=None)
    if soonest is None:
        return RoughlyWhen("unknown")
    wait = soonest - now
    if wait <= timedelta(0):
        return RoughlyWhen("now")
    if wait <= HOURS_HORIZON:
        return RoughlyWhen("hours", max(1, math.ceil(wait / timedelta(hours=1))))
    return RoughlyWhen("days", math.ceil(wait / timedelta(days=1)))


def refer(current: Snapshot, person: Person, *, kind: str, referred_kind: str | None, keep: bool) -> Decision:
    """The holder (or a supervisor) refers an open conversation to `kind`."""
    if current.state == "closed":
        return Refusal("closed", "the conversation is closed")
    if current.state not in OWNED:
        return Refusal("not_claimed", "claim it first")
    if current.owner_id != person.consultant_id and not person.is_supervisor:
        return Refusal("not_yours", "another consultant holds it", holder_alias=current.owner_alias)
    if referred_kind == kind and keep:
        return Unchanged("already referred")
    return Transition("referred", current, current if keep else QUEUED)


def claim_referred(current: Snapshot, person: Person, *, is_specialist: bool) -> Decision:
    """A specialist of the conversation's kind takes it, from the queue or from the peer who
    kept it (a hand-over: one owner at a time)."""
    if current.state == "closed":
        return Refusal("closed", "the conversation is closed")
    if current.owner_id == person.consultant_id:
        return Unchanged("already yours")
    if not is_specialist and not person.is_supervisor:
        return Refusal("not_specialist", "it waits for a specialist of its kind")
    after = replace(current, state="active", owner_id=person.consultant_id, owner_alias=person.alias)
    return Transition("claimed", current, after)
