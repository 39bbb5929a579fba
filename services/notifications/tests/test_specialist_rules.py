"""Referral to specialists, pure (`domain.specialists`, `domain.visibility`): what the client is
told about when a specialist answers, who may refer, who may take a referred conversation."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from peerline_notifications.domain import specialists
from peerline_notifications.domain.specialists import RoughlyWhen, roughly_when
from peerline_notifications.domain.states import QUEUED, Person, Refusal, Snapshot, Transition, Unchanged
from peerline_notifications.domain.visibility import Facts, Reader, may_preview, may_read

NOW = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)
PEER = Person(uuid.uuid4(), "Olena")
LAWYER = Person(uuid.uuid4(), "Lev")
BOSS = Person(uuid.uuid4(), "Iryna", "supervisor")
HELD = Snapshot("active", PEER.consultant_id, PEER.alias)


@pytest.mark.parametrize(
    ("next_available", "told"),
    [
        ([], RoughlyWhen("unknown")),  # no specialist of the kind
        ([None, None], RoughlyWhen("unknown")),  # specialists without availability
        ([NOW, NOW + timedelta(days=2)], RoughlyWhen("now")),  # one is answering now
        ([NOW + timedelta(minutes=20)], RoughlyWhen("hours", 1)),  # rounded up to a whole hour
        ([NOW + timedelta(hours=3, minutes=1), None], RoughlyWhen("hours", 4)),
        ([NOW + timedelta(days=3), NOW + timedelta(hours=5)], RoughlyWhen("hours", 5)),  # the soonest
        ([NOW + timedelta(hours=24)], RoughlyWhen("hours", 24)),
        ([NOW + timedelta(hours=25)], RoughlyWhen("days", 2)),
        ([NOW + timedelta(days=6, hours=1)], RoughlyWhen("days", 7)),
    ],
)
def test_the_client_is_told_roughly_when_from_the_soonest_availability(
    next_available: list[datetime | None], told: RoughlyWhen
) -> None:
    assert roughly_when(NOW, next_available) == told


def test_each_horizon_has_a_message() -> None:
    assert [RoughlyWhen(h).message_key for h in ("now", "hours", "days", "unknown")] == [
        "specialist.now",
        "specialist.hours",
        "specialist.days",
        "specialist.unknown",
    ]


def test_the_holder_refers_and_keeps_or_releases() -> None:
    kept = specialists.refer(HELD, PEER, kind="lawyer", referred_kind=None, keep=True)
    released = specialists.refer(HELD, PEER, kind="lawyer", referred_kind=None, keep=False)
    assert kept == Transition("referred", HELD, HELD)
    assert released == Transition("referred", HELD, QUEUED)
    assert isinstance(
        specialists.refer(HELD, PEER, kind="lawyer", referred_kind="lawyer", keep=True), Unchanged
    )


@pytest.mark.parametrize(
    ("current", "who", "error"),
    [
        (Snapshot("queued"), PEER, "not_claimed"),
        (Snapshot("closed"), BOSS, "closed"),
        (HELD, LAWYER, "not_yours"),
    ],
)
def test_only_the_holder_or_a_supervisor_refers(current: Snapshot, who: Person, error: str) -> None:
    decision = specialists.refer(current, who, kind="lawyer", referred_kind=None, keep=False)
    assert isinstance(decision, Refusal) and decision.error == error
    assert isinstance(
        specialists.refer(HELD, BOSS, kind="doctor", referred_kind=None, keep=False), Transition
    )


def test_a_specialist_takes_it_from_the_queue_or_from_the_peer_who_kept_it() -> None:
    from_queue = specialists.claim_referred(QUEUED, LAWYER, is_specialist=True)
    from_peer = specialists.claim_referred(HELD, LAWYER, is_specialist=True)
    for decision in (from_queue, from_peer):
        assert isinstance(decision, Transition) and decision.action == "claimed"
        assert (decision.after.state, decision.after.owner_alias) == ("active", "Lev")
    refused = specialists.claim_referred(QUEUED, PEER, is_specialist=False)
    assert isinstance(refused, Refusal) and refused.error == "not_specialist"
    assert isinstance(specialists.claim_referred(QUEUED, BOSS, is_specialist=False), Transition)
    assert isinstance(specialists.claim_referred(Snapshot("closed"), LAWYER, is_specialist=True), Refusal)


def test_specialists_of_the_kind_see_its_queue_whether_on_shift_or_not() -> None:
    off_shift_lawyer = Reader(LAWYER.consultant_id, "consultant", frozenset(), frozenset({"lawyer"}))
    waiting = Facts("queued", "ru", specialist_kind="lawyer")
    assert may_preview(off_shift_lawyer, waiting) and may_read(off_shift_lawyer, waiting)
    for_doctors = Facts("queued", "ru", specialist_kind="doctor")
    assert not may_preview(off_shift_lawyer, for_doctors) and not may_read(off_shift_lawyer, for_doctors)
