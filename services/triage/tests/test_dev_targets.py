"""The development set, scored per writer (train on two, check the third: see TAXONOMY.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from peerline_triage.classifier import Classifier
from peerline_triage.evaluation import (
    Labelled,
    Predicted,
    Report,
    evaluate,
    failed_targets,
    split_folds,
)

DEV = Path(__file__).resolve().parents[3].parent / "shared" / "triage" / "dev.jsonl"


@pytest.fixture(scope="module")
def reports(classifier: Classifier) -> dict[str, Report]:
    if not DEV.is_file():
        pytest.skip("development set not available")
    pairs = []
    for line in DEV.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        gold = Labelled(row["id"], row["text"], row["urgency"], tuple(row["topics"]), row["lang"])
        result = classifier.classify(gold.text)
        pairs.append((gold, Predicted(result.urgency, result.topics, result.lang)))
    return {"all": evaluate(pairs)} | {k: evaluate(v) for k, v in split_folds(pairs).items()}


# Hard floors: what must never regress. Emergency recall is the task's first target.
def test_emergency_recall_every_fold(reports: dict[str, Report]) -> None:
    for name, report in reports.items():
        assert report.emergency_recall >= 0.97, name


def test_emergency_precision_every_fold(reports: dict[str, Report]) -> None:
    for name, report in reports.items():
        assert report.emergency_precision >= 0.85, name


def test_under_triage_whole_set(reports: dict[str, Report]) -> None:
    assert reports["all"].under_triage <= 0.05


def test_urgency_macro_f1_whole_set(reports: dict[str, Report]) -> None:
    assert reports["all"].urgency_macro_f1 >= 0.80


def test_language_whole_set(reports: dict[str, Report]) -> None:
    assert (reports["all"].lang_accuracy or 0) >= 0.95


def test_every_target_on_every_writer(reports: dict[str, Report]) -> None:
    """Emergency recall/precision, under-triage, urgency and topic macro-F1 on each held-out writer."""
    missed = {name: failed for name, report in reports.items() if (failed := failed_targets(report))}
    assert missed == {}
