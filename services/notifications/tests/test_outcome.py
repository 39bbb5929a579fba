"""`Outcome.merge` keeps everything a step produced: reply, events, notices and routings."""

from __future__ import annotations

import uuid

import pytest

from peerline_notifications.domain.notices import Notice
from peerline_notifications.work import Outcome
from peerline_shared.events import ClientErasureRequested, CommandResult

FIRST, SECOND, THIRD = (uuid.UUID(int=n) for n in (1, 2, 3))


def _publication() -> tuple[ClientErasureRequested, str]:
    return ClientErasureRequested(client_id="v1:ABC", channel="web"), "helpline.client.erasure_requested"


def test_merge_keeps_the_routings_of_both_with_their_own_reasons() -> None:
    merged = Outcome(route=[FIRST], route_reason="new")
    merged.merge(Outcome(route=[SECOND], route_reason="urgency_raised"))
    merged.merge(Outcome(route=[THIRD, FIRST], route_reason="requeued"))
    assert merged.routes() == [(FIRST, "new"), (SECOND, "urgency_raised"), (THIRD, "requeued"),
                               (FIRST, "requeued")]


def test_merge_does_not_repeat_a_routing_it_already_has() -> None:
    merged = Outcome()
    for _ in range(3):
        merged.merge(Outcome(route=[FIRST], route_reason="transfer"))
    assert merged.routes() == [(FIRST, "transfer")]


def test_merge_keeps_the_reply_events_and_notices() -> None:
    merged = Outcome()
    publication = _publication()
    notice = Notice((FIRST,), "new_conversation", SECOND, "high")
    merged.merge(Outcome(result=CommandResult(ok=True), publish=[publication], notices=[notice]))
    assert merged.result is not None and merged.result.ok
    assert merged.publish == [publication] and merged.notices == [notice]


def test_two_different_replies_are_refused_not_dropped() -> None:
    merged = Outcome(result=CommandResult(ok=True))
    with pytest.raises(ValueError, match="different replies"):
        merged.merge(Outcome(result=CommandResult(ok=False, error="not_found")))
