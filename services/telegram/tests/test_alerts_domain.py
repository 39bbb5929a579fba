"""The pure rules of alerts: the two-person approval, who an alert reaches, the counts."""

from __future__ import annotations

import uuid

from peerline_shared.events import ClientPlace
from peerline_telegram.alerts import domain
from peerline_telegram.alerts.domain import Place, Refusal, Target
from peerline_telegram.alerts.keyboards import SUBSCRIPTION
from peerline_telegram.places.picker import PlaceChoice

ANNA, BORYS = uuid.uuid4(), uuid.uuid4()


def test_the_drafter_cannot_approve_their_own_alert() -> None:
    refusal = domain.approval_refusal(role="supervisor", approver=ANNA, drafter=ANNA, status="draft")
    assert refusal is Refusal.SAME_PERSON


def test_a_second_supervisor_approves_a_draft_once() -> None:
    assert domain.approval_refusal(role="supervisor", approver=BORYS, drafter=ANNA, status="draft") is None
    again = domain.approval_refusal(role="supervisor", approver=BORYS, drafter=ANNA, status="sending")
    assert again is Refusal.NOT_A_DRAFT


def test_a_consultant_can_neither_draft_nor_approve() -> None:
    assert not domain.may_draft("consultant")
    refusal = domain.approval_refusal(role="consultant", approver=BORYS, drafter=ANNA, status="draft")
    assert refusal is Refusal.FORBIDDEN


def test_an_oblast_alert_reaches_that_oblast_and_the_whole_country_subscribers_only() -> None:
    lviv = Target("UA", "UA-46")
    assert domain.reaches(lviv, Place("UA", "UA-46"))
    assert domain.reaches(lviv, Place("UA", None))
    assert not domain.reaches(lviv, Place("UA", "UA-51"))
    assert not domain.reaches(lviv, Place("PL", None))


def test_a_country_alert_reaches_its_regions_and_an_alert_for_all_reaches_everyone() -> None:
    assert domain.reaches(Target("UA", None), Place("UA", "UA-51"))
    assert not domain.reaches(Target("UA", None), Place("MD", None))
    assert domain.reaches(Target(None, None), Place("KZ", None))


def test_drafts_need_a_text_and_a_known_place() -> None:
    assert domain.target_problem(Target("UA", "UA-46"), ["uk"]) is None
    assert domain.target_problem(Target("UA", "UA-46"), []) is not None
    assert domain.target_problem(Target("UA", "XX-99"), ["uk"]) is not None
    assert domain.target_problem(Target(None, "UA-46"), ["uk"]) is not None


def test_counts_keep_in_flight_deliveries_as_remaining() -> None:
    tally = domain.counts({"pending": 3, "sending": 1, "sent": 10, "failed": 2, "uncertain": 1})
    assert (tally.total, tally.sent, tally.failed, tally.uncertain, tally.remaining) == (17, 10, 2, 1, 4)


def test_button_data_is_read_strictly() -> None:
    country = SUBSCRIPTION.read("alerts:c:UA")
    assert country == PlaceChoice(ClientPlace(country="UA"), ask_region=True)
    assert SUBSCRIPTION.read("alerts:r:UA:UA-46") == PlaceChoice(ClientPlace(country="UA", region="UA-46"))
    assert SUBSCRIPTION.read("alerts:r:UA:*") == PlaceChoice(ClientPlace(country="UA"))
    forgeries = ("alerts:r:UA:UA-99", "alerts:c:XX", "alerts:r:PL:UA-46", "alerts:x", "alerts:-", "place:UA")
    for forged in forgeries:
        assert SUBSCRIPTION.read(forged) is None
