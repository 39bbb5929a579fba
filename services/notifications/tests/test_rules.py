"""Pure rules: routing circles, SLA decisions with a controllable clock, notice batching,
queue positions."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from peerline_notifications.domain import sla
from peerline_notifications.domain.notices import Notice, batch
from peerline_notifications.domain.routing import Circle, Eligible, circle_for, plan_offer

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
POLICY = sla.SlaPolicy(unclaimed_limits=sla.DEFAULT_LIMITS)
BUSY = Eligible(uuid.uuid4(), "Busy", load=3, capacity=3)
FREE = Eligible(uuid.uuid4(), "Free", load=1, capacity=3)
BOSS = Eligible(uuid.uuid4(), "Boss", role="supervisor")


def test_normal_goes_to_the_best_candidate_with_room() -> None:
    plan = plan_offer("normal", 0, [BUSY, FREE], [BOSS])
    assert plan.targets == (FREE.consultant_id,) and plan.notice_kind == "new_conversation"
    assert not plan.immediate


def test_emergency_goes_to_everyone_and_supervisors_at_once() -> None:
    plan = plan_offer("emergency", 0, [BUSY, FREE], [BOSS])
    assert set(plan.targets) == {BUSY.consultant_id, FREE.consultant_id, BOSS.consultant_id}
    assert plan.immediate and plan.notice_kind == "emergency"


def test_nobody_speaks_the_language_then_supervisors_and_nobody_at_all_is_after_hours() -> None:
    assert plan_offer("normal", 0, [], [BOSS]).targets == (BOSS.consultant_id,)
    empty = plan_offer("normal", 0, [], [])
    assert empty.targets == () and empty.nobody_on_shift


def test_circles_widen_per_level() -> None:
    assert [circle_for("normal", level) for level in (0, 1, 2, 5)] == [
        Circle.BEST,
        Circle.ALL,
        Circle.ALL_AND_SUPERVISORS,
        Circle.ALL_AND_SUPERVISORS,
    ]


def _watch(**overrides: object) -> sla.Watch:
    base: dict[str, object] = {
        "conversation_id": uuid.uuid4(),
        "state": "offered",
        "urgency": "normal",
        "waiting_since": T0,
        "last_offered_at": T0,
        "route_attempted_at": T0,
    }
    return sla.Watch(**(base | overrides))  # type: ignore[arg-type]


def test_normal_escalates_at_15_then_30_minutes_exactly() -> None:
    watch = _watch()
    assert sla.decide(watch, T0 + timedelta(minutes=14, seconds=59), POLICY) == [sla.NotifyQueuePlace()]
    due = sla.decide(watch, T0 + timedelta(minutes=15), POLICY)
    assert sla.Route(1, Circle.ALL, "escalation") in due and sla.MarkBreached() in due
    later = _watch(escalation_level=1, sla_breached=True, queue_notice_sent=True)
    assert sla.decide(later, T0 + timedelta(minutes=29), POLICY) == []
    assert sla.decide(later, T0 + timedelta(minutes=30), POLICY) == [
        sla.Route(2, Circle.ALL_AND_SUPERVISORS, "escalation")
    ]


def test_per_urgency_limits() -> None:
    for urgency, limit in (("high", timedelta(minutes=3)), ("low", timedelta(minutes=60))):
        watch = _watch(urgency=urgency, queue_notice_sent=True)
        assert sla.decide(watch, T0 + limit - timedelta(seconds=1), POLICY) == []
        assert sla.decide(watch, T0 + limit, POLICY)[0] == sla.Route(1, Circle.ALL, "escalation")


def test_emergency_repeats_every_30_seconds_until_claimed() -> None:
    levels = [sla.due_level("emergency", timedelta(seconds=s), POLICY) for s in (0, 29, 30, 59, 60, 95)]
    assert levels == [0, 0, 1, 1, 2, 3]
    watch = _watch(urgency="emergency", escalation_level=1, sla_breached=True, queue_notice_sent=True)
    assert sla.decide(watch, T0 + timedelta(seconds=60), POLICY) == [
        sla.Route(2, Circle.ALL_AND_SUPERVISORS, "escalation")
    ]
    assert sla.decide(_watch(urgency="emergency", state="active"), T0 + timedelta(hours=1), POLICY) == []


def test_never_offered_is_retried_and_rate_limited() -> None:
    watch = _watch(last_offered_at=None, route_attempted_at=T0, queue_notice_sent=True)
    assert sla.decide(watch, T0 + timedelta(seconds=29), POLICY) == []
    assert sla.decide(watch, T0 + timedelta(seconds=30), POLICY) == [sla.Route(0, Circle.BEST, "retry")]
    assert (
        sla.decide(
            _watch(route_attempted_at=T0 + timedelta(minutes=15), queue_notice_sent=True),
            T0 + timedelta(minutes=15, seconds=2),
            POLICY,
        )
        == []
    )


def test_active_without_reply_goes_back_after_the_inactivity_limit() -> None:
    watch = _watch(state="active", reply_due_since=T0)
    assert sla.decide(watch, T0 + timedelta(minutes=9), POLICY) == []
    assert sla.decide(watch, T0 + timedelta(minutes=10), POLICY) == [sla.RequeueInactive()]
    assert sla.decide(_watch(state="waiting"), T0 + timedelta(days=1), POLICY) == []


def test_queue_positions_by_urgency_then_age() -> None:
    a, b, c = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    positions = sla.queue_positions(
        [(a, "normal", T0), (b, "high", T0 + timedelta(minutes=5)), (c, "normal", T0 - timedelta(minutes=1))]
    )
    assert positions == {b: 1, c: 2, a: 3}


def test_notices_become_one_per_consultant() -> None:
    olena, taras = uuid.uuid4(), uuid.uuid4()
    first, second = uuid.uuid4(), uuid.uuid4()
    batched = batch(
        [
            Notice((olena, taras), "new_conversation", first, "normal"),
            Notice((olena,), "escalation", second, "high"),
        ]
    )
    by_person = {cid: n for n in batched for cid in n.consultant_ids}
    assert len(batched) == 2
    assert by_person[olena].kind == "escalation" and by_person[olena].conversation_id is None
    assert by_person[olena].summary == "2 conversations need attention (1 high, 1 normal)"
    assert by_person[taras].conversation_id == first
