"""The pure rules of triage corrections: who may, what is kept, the supervisor's figure."""

from __future__ import annotations

import uuid

from peerline_notifications.domain.corrections import (
    MAX_TEXT_CHARS,
    MAX_TEXTS,
    Correction,
    Labels,
    correct,
    correction_figures,
    labelled,
    needs_routing,
    texts_to_keep,
)
from peerline_notifications.domain.states import Person, Refusal, Snapshot, Transition, Unchanged

OLENA = Person(uuid.uuid4(), "Olena")
TARAS = Person(uuid.uuid4(), "Taras")
BOSS = Person(uuid.uuid4(), "Iryna", "supervisor")
NORMAL = Labels("normal", ("ost",))
EMERGENCY = Labels("emergency", ("overdose",))


def _decide(current: Snapshot, person: Person, corrected: Labels = EMERGENCY) -> object:
    return correct(current, person, triaged=NORMAL, corrected=corrected)


def test_anyone_corrects_a_waiting_conversation() -> None:
    for state in ("queued", "offered"):
        decision = _decide(Snapshot(state), TARAS)  # type: ignore[arg-type]
        assert isinstance(decision, Transition) and decision.action == "triage_corrected"


def test_an_owned_conversation_is_corrected_by_its_owner_or_a_supervisor() -> None:
    held = Snapshot("active", OLENA.consultant_id, "Olena")
    assert isinstance(_decide(held, OLENA), Transition)
    assert isinstance(_decide(held, BOSS), Transition)
    refusal = _decide(held, TARAS)
    assert isinstance(refusal, Refusal) and refusal.error == "not_yours" and refusal.holder_alias == "Olena"


def test_a_closed_conversation_is_corrected_by_whoever_held_it_or_a_supervisor() -> None:
    closed = Snapshot("closed", OLENA.consultant_id, "Olena", ("resolved",))
    assert isinstance(_decide(closed, OLENA), Transition)
    assert isinstance(_decide(closed, BOSS), Transition)
    refusal = _decide(closed, TARAS)
    assert isinstance(refusal, Refusal) and refusal.error == "closed"


def test_the_same_labels_change_nothing() -> None:
    assert isinstance(_decide(Snapshot("queued"), OLENA, corrected=NORMAL), Unchanged)
    assert isinstance(_decide(Snapshot("queued"), OLENA, corrected=Labels("normal", ("hiv",))), Transition)


def test_only_a_waiting_conversation_raised_in_urgency_is_routed_again() -> None:
    assert needs_routing("queued", "normal", "emergency")
    assert needs_routing("offered", "low", "high")
    assert not needs_routing("queued", "emergency", "normal")
    assert not needs_routing("active", "normal", "emergency")
    assert not needs_routing("queued", "high", "high")


def test_the_last_client_texts_are_kept_oldest_first_within_the_limits() -> None:
    texts = [f"message {n}" for n in range(MAX_TEXTS + 3)]
    assert texts_to_keep(texts) == texts[-MAX_TEXTS:]
    assert texts_to_keep([None, "  ", "left", None]) == ["left"]  # purged or blank
    long = "x" * (MAX_TEXT_CHARS - 10)
    assert texts_to_keep(["older one that no longer fits", long]) == [long]
    assert texts_to_keep(["y" * (MAX_TEXT_CHARS + 1)]) == []


def test_a_correction_becomes_one_line_of_the_taxonomys_format() -> None:
    line = labelled(7, ["перша", "друга"], "uk", Labels("emergency", ("overdose", "harm_reduction")))
    assert line is not None
    assert line.model_dump(mode="json") == {
        "id": "corr-7",
        "text": "перша\nдруга",
        "lang": "uk",
        "urgency": "emergency",
        "topics": ["overdose", "harm_reduction"],
    }
    assert labelled(8, [], "uk", NORMAL) is None


def test_the_figure_counts_each_conversation_once_from_triage_to_the_last_correction() -> None:
    a, b, c = (uuid.uuid4() for _ in range(3))
    # Four conversations opened, counted by their urgency today; the normal one never corrected.
    opened_now = {"emergency": 1, "high": 1, "low": 1, "normal": 1}
    corrections = [
        Correction(a, Labels("normal", ("ost",)), Labels("high", ("ost",)), "emergency"),
        Correction(
            a, Labels("high", ("ost",)), Labels("emergency", ("overdose",)), "emergency"
        ),  # a colleague
        Correction(b, Labels("emergency", ("overdose",)), Labels("high", ("overdose",)), "high"),
        Correction(c, Labels("low", ("other",)), Labels("low", ("legal",)), "low"),
    ]
    figures = correction_figures(opened_now, corrections)
    assert figures.opened == 4 and figures.corrected == 3 and figures.topics_only == 1
    assert figures.opened_by_urgency == {"normal": 2, "emergency": 1, "low": 1}
    assert figures.corrected_by_urgency == {"normal": 1, "emergency": 1}
    assert [(c.triaged, c.corrected, c.count) for c in figures.changes] == [
        ("emergency", "high", 1),
        ("normal", "emergency", 1),
    ]


def test_a_later_message_that_raised_a_corrected_conversation_does_not_move_triages_count() -> None:
    a = uuid.uuid4()  # triage: normal; corrected to low; then the client wrote an emergency
    figures = correction_figures(
        {"emergency": 1}, [Correction(a, NORMAL, Labels("low", ("ost",)), "emergency")]
    )
    assert figures.opened_by_urgency == {"normal": 1} and figures.corrected_by_urgency == {"normal": 1}


def test_a_correction_undone_counts_as_none() -> None:
    a = uuid.uuid4()
    corrections = [
        Correction(a, NORMAL, EMERGENCY, "emergency"),
        Correction(a, EMERGENCY, NORMAL, "normal"),
    ]
    figures = correction_figures({"normal": 1}, corrections)
    assert figures.corrected == 0 and figures.changes == ()
    assert figures.opened_by_urgency == {"normal": 1}
