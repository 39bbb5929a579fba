from __future__ import annotations

import pytest

from peerline_triage.evaluation import (
    Labelled,
    Predicted,
    evaluate,
    failed_targets,
    macro_f1,
    message_number,
    reference_topic,
    split_folds,
    voice_of,
)


def _pair(i: int, gold: str, guess: str, topics: tuple[str, ...] = ("other",), main: str = "other"):
    return Labelled(f"dev-{i:04d}", "t", gold, topics), Predicted(guess, (main,))


def test_emergency_recall_precision_and_under_triage() -> None:
    pairs = [
        _pair(1, "emergency", "emergency"),
        _pair(2, "emergency", "high"),
        _pair(3, "normal", "emergency"),
        _pair(4, "low", "low"),
    ]
    report = evaluate(pairs)
    assert report.emergency_recall == 0.5
    assert report.emergency_precision == 0.5
    assert report.under_triage == 0.25
    assert report.urgency_accuracy == 0.5
    assert report.confusion["emergency"]["high"] == 1
    assert [m.id for m in report.missed_emergencies] == ["dev-0002"]


def test_macro_f1_perfect_and_empty() -> None:
    assert macro_f1([("a", "a"), ("b", "b")]) == 1.0
    assert macro_f1([]) == 1.0
    assert macro_f1([("a", "b")]) == 0.0


def test_main_topic_counts_when_in_labels() -> None:
    assert reference_topic(("ost", "hiv"), "hiv") == "hiv"
    assert reference_topic(("ost", "hiv"), "tb") == "ost"
    pairs = [_pair(1, "low", "low", ("ost", "hiv"), "hiv")]
    assert evaluate(pairs).topic_macro_f1 == 1.0


def test_folds_by_id_range() -> None:
    pairs = [_pair(i, "low", "low") for i in (1, 400, 401, 999, 1001, 1600, 1601)]
    folds = split_folds(pairs)
    assert [len(v) for v in folds.values()] == [2, 1, 1, 1, 0, 0, 1]
    assert voice_of("dev-1151") == "1151-1300"
    assert voice_of("dev-1601") is None
    assert message_number("dev-0042") == 42
    assert message_number("no-digits") is None


def test_failed_targets() -> None:
    report = evaluate([_pair(1, "emergency", "low")])
    failed = failed_targets(report)
    assert failed["emergency_recall"] == pytest.approx(0.0)
    assert "under_triage" in failed


def test_first_aid_precision_counts_the_certain_tier_only() -> None:
    labels = ["emergency", "emergency", "high"]
    gold = [Labelled(f"dev-{i}", "t", u, ("other",)) for i, u in enumerate(labels)]
    guesses = [Predicted("emergency", ("other",), first_aid=tier) for tier in (True, False, True)]
    report = evaluate(list(zip(gold, guesses, strict=True)))
    assert (report.first_aid_precision, report.first_aid_count) == (0.5, 2)
    assert report.emergency_precision == pytest.approx(2 / 3)
    assert evaluate([_pair(1, "low", "low")]).first_aid_precision is None
