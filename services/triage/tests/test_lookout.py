"""The lookout's first aid, ahead of the queue: every young emergency, nothing else, and the
same event the main path sends (so JetStream keeps one)."""

from __future__ import annotations

from datetime import timedelta

from peerline_shared.events import ClientMessageReceived, utc_now
from peerline_shared.i18n import Catalogue
from peerline_triage import service
from peerline_triage.classifier import Classifier

CLASSIFIER = Classifier.load()
TEXTS = Catalogue.load("peerline_triage")
MAX_AGE = timedelta(seconds=60)


def _message(text: str, *, age_s: float = 0.0) -> ClientMessageReceived:
    return ClientMessageReceived(
        client_id="v1:ABC", channel="web", text=text, occurred_at=utc_now() - timedelta(seconds=age_s)
    )


def _early(events: list[ClientMessageReceived]) -> list[str]:
    replies = service.early_first_aid(
        events, [CLASSIFIER.classify(event.text) for event in events], TEXTS, now=utc_now(), max_age=MAX_AGE
    )
    return [str(reply.event_id) for reply in replies]


def test_a_young_emergency_gets_the_same_first_aid_as_on_the_main_path() -> None:
    overdose = _message("мій друг не дихає, губи сині")
    ordinary = _message("де взяти чисті шприци?")
    result = CLASSIFIER.classify(overdose.text)
    _, main_path = service.decide(overdose, result, (), TEXTS)
    assert main_path is not None
    assert _early([ordinary, overdose, ordinary]) == [str(main_path.event_id)]
    early = service.early_first_aid([overdose], [result], TEXTS, now=utc_now(), max_age=MAX_AGE)[0]
    same = early.model_dump(exclude={"occurred_at"}) == main_path.model_dump(exclude={"occurred_at"})
    assert same, "same id and text (only the time differs): JetStream keeps the first of the two"


def test_an_emergency_older_than_the_lookout_window_is_left_to_the_main_path() -> None:
    assert _early([_message("he is not breathing, lips are blue", age_s=61)]) == []
    assert len(_early([_message("he is not breathing, lips are blue", age_s=59)])) == 1
