"""The SLA loop's schedule: `next_due` is exactly the first moment `decide` acts, and the
tick reads only conversations whose moment has come."""

from __future__ import annotations

import random
import uuid
from datetime import timedelta

from peerline_notifications.deps import Deps
from peerline_notifications.domain.sla import DEFAULT_LIMITS, SlaPolicy, Watch, decide, next_due
from peerline_notifications.sla.service import tick
from peerline_notifications.storage.repository import ConversationRepository

from .conftest import T0, FakeClock, triaged
from .support import receive

POLICY = SlaPolicy(unclaimed_limits=DEFAULT_LIMITS)
TICK = timedelta(seconds=1)


def _random_watch(rng: random.Random) -> Watch:
    def maybe(minutes: int) -> object:
        return T0 + timedelta(seconds=rng.randint(0, minutes * 60)) if rng.random() < 0.5 else None

    return Watch(
        conversation_id=uuid.uuid4(),
        state=rng.choice(["queued", "offered", "active", "waiting"]),
        urgency=rng.choice(["emergency", "high", "normal", "low"]),
        waiting_since=T0,
        escalation_level=rng.randint(0, 3),
        last_offered_at=maybe(30),  # type: ignore[arg-type]
        route_attempted_at=maybe(30),  # type: ignore[arg-type]
        queue_notice_sent=rng.random() < 0.5,
        reply_due_since=maybe(30),  # type: ignore[arg-type]
        sla_breached=rng.random() < 0.5,
    )


def test_next_due_is_the_first_moment_decide_acts() -> None:
    rng = random.Random(22)
    for _ in range(300):
        watch = _random_watch(rng)
        due = next_due(watch, POLICY)
        if due is None:
            assert all(decide(watch, T0 + TICK * n, POLICY) == [] for n in range(0, 8 * 3600, 61))
            continue
        assert decide(watch, due, POLICY), watch
        assert decide(watch, due - timedelta(microseconds=1), POLICY) == [], watch


async def test_the_tick_reads_only_what_is_due(deps: Deps, clock: FakeClock) -> None:
    conversation = await receive(deps, triaged(urgency="normal"))
    await tick(deps)  # schedules it: the queue notice after a minute is its next moment
    async with deps.readers() as session:
        conversations = ConversationRepository(session)
        assert await conversations.list_unscheduled_watches() == []
        assert await conversations.list_due_watches(clock.now) == []
        later = await conversations.list_due_watches(clock.now + timedelta(minutes=1))
    assert [watch.conversation_id for watch in later] == [conversation.id]
