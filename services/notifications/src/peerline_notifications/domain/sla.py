"""SLA decisions, pure: given a conversation's timestamps and the clock, what is due now.

Unclaimed (queued/offered), per urgency limit L:
- emergency: everyone eligible and supervisors at once; after L (30 s) repeated every
  `emergency_repeat` until claimed (level 1, 2, …);
- others: the best candidate; after L every eligible candidate (level 1); after 2·L
  supervisors too (level 2), repeated every L.
A conversation never offered (directory silent, nobody on shift) is retried every
`route_retry`. After `queue_notice_after` the client is told their place in the queue, once.
Active with no consultant reply for `inactivity_limit`: back to the queue.
"""

from __future__ import annotations

import hashlib
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from peerline_notifications.domain.routing import Circle, circle_for
from peerline_shared.events.vocabulary import urgency_rank


@dataclass(frozen=True)
class SlaPolicy:
    unclaimed_limits: Mapping[str, timedelta]
    emergency_repeat: timedelta = timedelta(seconds=30)
    queue_notice_after: timedelta = timedelta(minutes=1)
    inactivity_limit: timedelta = timedelta(minutes=10)
    route_retry: timedelta = timedelta(seconds=30)
    min_route_interval: timedelta = timedelta(seconds=5)

    def limit(self, urgency: str) -> timedelta:
        return self.unclaimed_limits.get(urgency, self.unclaimed_limits["normal"])


def fingerprint(policy: SlaPolicy) -> str:
    """The settings open conversations' `due_at` were computed under, as a short stable text:
    a new leader whose settings give the same text keeps every schedule; any change reschedules
    them all."""
    limits = sorted((urgency, limit.total_seconds()) for urgency, limit in policy.unclaimed_limits.items())
    others = (policy.emergency_repeat, policy.queue_notice_after, policy.inactivity_limit,
              policy.route_retry, policy.min_route_interval)
    described = repr((limits, [every.total_seconds() for every in others]))
    return hashlib.sha256(described.encode()).hexdigest()[:32]


DEFAULT_LIMITS: Mapping[str, timedelta] = {
    "emergency": timedelta(seconds=30),
    "high": timedelta(minutes=3),
    "normal": timedelta(minutes=15),
    "low": timedelta(minutes=60),
}


@dataclass(frozen=True)
class Watch:
    """The timestamps of one open conversation that the SLA loop looks at."""

    conversation_id: uuid.UUID
    state: str
    urgency: str
    waiting_since: datetime
    escalation_level: int = 0
    last_offered_at: datetime | None = None
    route_attempted_at: datetime | None = None
    queue_notice_sent: bool = False
    reply_due_since: datetime | None = None
    sla_breached: bool = False


@dataclass(frozen=True)
class Route:
    level: int
    circle: Circle
    reason: str


@dataclass(frozen=True)
class MarkBreached:
    pass


@dataclass(frozen=True)
class NotifyQueuePlace:
    pass


@dataclass(frozen=True)
class RequeueInactive:
    pass


Action = Route | MarkBreached | NotifyQueuePlace | RequeueInactive


def due_level(urgency: str, waited: timedelta, policy: SlaPolicy) -> int:
    limit = policy.limit(urgency)
    if waited < limit:
        return 0
    if urgency == "emergency":
        return 1 + int((waited - limit) / policy.emergency_repeat)
    if waited < 2 * limit:
        return 1
    return 2 + int((waited - 2 * limit) / limit)


def decide(watch: Watch, now: datetime, policy: SlaPolicy) -> list[Action]:
    if watch.state == "active":
        overdue = watch.reply_due_since and now - watch.reply_due_since >= policy.inactivity_limit
        return [RequeueInactive()] if overdue else []
    if watch.state not in ("queued", "offered"):
        return []
    waited = now - watch.waiting_since
    actions: list[Action] = []
    route = _route_due(watch, waited, now, policy)
    if route is not None:
        actions.append(route)
    if route is not None and route.level >= 1 and not watch.sla_breached:
        actions.append(MarkBreached())
    if not watch.queue_notice_sent and waited >= policy.queue_notice_after:
        actions.append(NotifyQueuePlace())
    return actions


def _route_due(watch: Watch, waited: timedelta, now: datetime, policy: SlaPolicy) -> Route | None:
    attempted = watch.route_attempted_at
    if attempted is not None and now - attempted < policy.min_route_interval:
        return None
    level = due_level(watch.urgency, waited, policy)
    if level > watch.escalation_level:
        return Route(level, circle_for(watch.urgency, level), "escalation")
    # A new conversation is routed by the consumer; the loop steps in after `route_retry`.
    since = attempted or watch.waiting_since
    if watch.last_offered_at is None and now - since >= policy.route_retry:
        level = watch.escalation_level
        return Route(level, circle_for(watch.urgency, level), "retry")
    return None


def level_threshold(urgency: str, level: int, policy: SlaPolicy) -> timedelta:
    """How long a conversation waits before `due_level` reaches `level` (≥ 1): its inverse."""
    limit = policy.limit(urgency)
    if urgency == "emergency":
        return limit + (level - 1) * policy.emergency_repeat
    return limit * level


def next_due(watch: Watch, policy: SlaPolicy) -> datetime | None:
    """The earliest moment `decide` returns an action for this watch (None: never, as long as
    nothing changes it). The SLA loop reads only conversations whose moment has come; any
    change to a conversation makes it recomputed."""
    if watch.state == "active":
        return watch.reply_due_since + policy.inactivity_limit if watch.reply_due_since else None
    if watch.state not in ("queued", "offered"):
        return None
    moments = [watch.waiting_since + level_threshold(watch.urgency, watch.escalation_level + 1, policy)]
    attempted = watch.route_attempted_at
    if watch.last_offered_at is None:
        moments.append((attempted or watch.waiting_since) + policy.route_retry)
    route_at = min(moments)
    if attempted is not None:
        route_at = max(route_at, attempted + policy.min_route_interval)
    if not watch.queue_notice_sent:
        return min(route_at, watch.waiting_since + policy.queue_notice_after)
    return route_at


def queue_positions(
    waiting: Iterable[tuple[uuid.UUID, str, datetime]],
) -> dict[uuid.UUID, int]:
    """1-based places of unclaimed conversations: by urgency, then by how long they waited."""
    ordered = sorted(waiting, key=lambda item: (urgency_rank(item[1]), item[2]))
    return {conversation_id: place for place, (conversation_id, _, _) in enumerate(ordered, 1)}


@dataclass(frozen=True)
class QueueFigures:
    depth_by_urgency: dict[str, int]
    oldest_waiting_seconds: float
    sla_breaches: int


def queue_figures(unclaimed: Iterable[Watch], now: datetime) -> QueueFigures:
    """What an operator reads off the unclaimed queue: the gauges and the supervisor's stats."""
    waiting = list(unclaimed)
    oldest = min((watch.waiting_since for watch in waiting), default=None)
    return QueueFigures(
        depth_by_urgency=dict(Counter(watch.urgency for watch in waiting)),
        oldest_waiting_seconds=(now - oldest).total_seconds() if oldest is not None else 0.0,
        sla_breaches=sum(1 for watch in waiting if watch.sla_breached),
    )
