"""Scoring triage against labelled messages, as TAXONOMY.md defines it. Pure: no I/O.

- Emergency recall / precision: on the `emergency` label.
- Under-triage: share of messages predicted at a lower level than labelled.
- Urgency accuracy and macro-F1 over the four levels.
- Topic macro-F1: the predicted main topic counts as right when it is one of the labelled
  topics; the reference topic of a message is then that topic, otherwise its first label.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from peerline_shared.events.vocabulary import URGENCY_ORDER, is_more_urgent

# The development set's writers ("voices"), by message number: dev.jsonl has three,
# dev2.jsonl four (TAXONOMY.md).
DEFAULT_FOLDS: tuple[tuple[int, int], ...] = (
    (1, 400), (401, 700), (701, 1000), (1001, 1150), (1151, 1300), (1301, 1450), (1451, 1600),
)


@dataclass(frozen=True, slots=True)
class Labelled:
    id: str
    text: str
    urgency: str
    topics: tuple[str, ...]
    lang: str | None = None


@dataclass(frozen=True, slots=True)
class Predicted:
    urgency: str
    topics: tuple[str, ...]
    lang: str | None = None
    first_aid: bool | None = None  # None: the classifier has no tiers to score


@dataclass(frozen=True, slots=True)
class Miss:
    id: str
    text: str
    predicted: str


@dataclass(frozen=True)
class Report:
    count: int
    emergency_recall: float
    emergency_precision: float
    under_triage: float
    urgency_accuracy: float
    urgency_macro_f1: float
    topic_macro_f1: float
    lang_accuracy: float | None
    confusion: Mapping[str, Mapping[str, int]]
    missed_emergencies: tuple[Miss, ...] = field(default=())
    first_aid_precision: float | None = None  # of the certain tier: full first aid sent
    first_aid_count: int = 0

    def as_dict(self) -> dict[str, object]:
        return {
            "count": self.count,
            "emergency_recall": self.emergency_recall,
            "emergency_precision": self.emergency_precision,
            "under_triage": self.under_triage,
            "urgency_accuracy": self.urgency_accuracy,
            "urgency_macro_f1": self.urgency_macro_f1,
            "topic_macro_f1": self.topic_macro_f1,
            "lang_accuracy": self.lang_accuracy,
            "first_aid_precision": self.first_aid_precision,
            "first_aid_count": self.first_aid_count,
            "confusion": {k: dict(v) for k, v in self.confusion.items()},
            "missed_emergencies": [
                {"id": m.id, "text": m.text, "predicted": m.predicted} for m in self.missed_emergencies
            ],
        }


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 1.0


def macro_f1(pairs: Iterable[tuple[str, str]]) -> float:
    """Macro-averaged F1 over every label seen as truth or prediction; pairs are (truth, guess)."""
    pairs = list(pairs)
    labels = sorted({label for pair in pairs for label in pair})
    if not labels:
        return 1.0
    scores = []
    for label in labels:
        tp = sum(1 for t, p in pairs if t == label and p == label)
        fp = sum(1 for t, p in pairs if t != label and p == label)
        fn = sum(1 for t, p in pairs if t == label and p != label)
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


def parse_labelled(record: Mapping[str, object], number: int) -> Labelled:
    """One labelled message (TAXONOMY.md's format) from a parsed JSON line."""
    urgency, topics = record.get("urgency"), record.get("topics")
    if urgency not in URGENCY_ORDER:
        raise ValueError(f"line {number}: urgency must be one of {', '.join(URGENCY_ORDER)}")
    if not isinstance(topics, list) or not topics or not all(isinstance(t, str) for t in topics):
        raise ValueError(f"line {number}: topics must be a non-empty list of strings")
    lang = record.get("lang")
    return Labelled(
        id=str(record.get("id", number)),
        text=str(record["text"]),
        urgency=str(urgency),
        topics=tuple(topics),
        lang=lang if isinstance(lang, str) else None,
    )


def reference_topic(labelled: Sequence[str], predicted_main: str) -> str:
    return predicted_main if predicted_main in labelled else labelled[0]


def evaluate(pairs: Sequence[tuple[Labelled, Predicted]]) -> Report:
    truth = [gold.urgency for gold, _ in pairs]
    guess = [pred.urgency for _, pred in pairs]
    confusion = {t: {p: 0 for p in URGENCY_ORDER} for t in URGENCY_ORDER}
    for t, p in zip(truth, guess, strict=True):
        confusion[t][p] += 1
    emergency_tp = confusion["emergency"]["emergency"]
    topic_pairs = [
        (reference_topic(gold.topics, main), main)
        for gold, pred in pairs
        for main in [pred.topics[0] if pred.topics else "other"]
    ]
    with_lang = [(g.lang, p.lang) for g, p in pairs if g.lang and p.lang]
    first_aid = [gold.urgency for gold, pred in pairs if pred.first_aid]
    tiered = any(pred.first_aid is not None for _, pred in pairs)
    return Report(
        count=len(pairs),
        emergency_recall=_ratio(emergency_tp, truth.count("emergency")),
        emergency_precision=_ratio(emergency_tp, guess.count("emergency")),
        under_triage=_ratio(sum(is_more_urgent(t, p) for t, p in zip(truth, guess, strict=True)), len(pairs)),
        urgency_accuracy=_ratio(sum(t == p for t, p in zip(truth, guess, strict=True)), len(pairs)),
        urgency_macro_f1=macro_f1(zip(truth, guess, strict=True)),
        topic_macro_f1=macro_f1(topic_pairs),
        lang_accuracy=_ratio(sum(g == p for g, p in with_lang), len(with_lang)) if with_lang else None,
        confusion=confusion,
        missed_emergencies=tuple(
            Miss(gold.id, gold.text, pred.urgency)
            for gold, pred in pairs
            if gold.urgency == "emergency" and pred.urgency != "emergency"
        ),
        first_aid_precision=_ratio(first_aid.count("emergency"), len(first_aid)) if tiered else None,
        first_aid_count=len(first_aid),
    )


def message_number(message_id: str) -> int | None:
    """`dev-0042` → 42: the development set's writers are told apart by number ranges."""
    digits = re.findall(r"\d+", message_id)
    return int(digits[-1]) if digits else None


def voice_of(message_id: str, folds: Sequence[tuple[int, int]] = DEFAULT_FOLDS) -> str | None:
    """The voice (`1001-1150`) a development message belongs to; None outside the ranges."""
    number = message_number(message_id)
    for lo, hi in folds:
        if number is not None and lo <= number <= hi:
            return f"{lo}-{hi}"
    return None


def split_folds(
    pairs: Sequence[tuple[Labelled, Predicted]],
    folds: Sequence[tuple[int, int]] = DEFAULT_FOLDS,
) -> dict[str, list[tuple[Labelled, Predicted]]]:
    out: dict[str, list[tuple[Labelled, Predicted]]] = {f"{lo}-{hi}": [] for lo, hi in folds}
    for pair in pairs:
        number = message_number(pair[0].id)
        for lo, hi in folds:
            if number is not None and lo <= number <= hi:
                out[f"{lo}-{hi}"].append(pair)
    return out


def label_counts(pairs: Sequence[tuple[Labelled, Predicted]]) -> Counter[str]:
    return Counter(gold.urgency for gold, _ in pairs)


# What the maintainers ask, pooled over held-out voices (issue 15's quality targets).
TARGETS: Mapping[str, tuple[str, float]] = {
    "emergency_recall": (">=", 0.97),
    "emergency_precision": (">=", 0.70),
    "first_aid_precision": (">=", 0.90),
    "under_triage": ("<=", 0.05),
    "urgency_macro_f1": (">=", 0.80),
    "topic_macro_f1": (">=", 0.85),
}


def failed_targets(report: Report) -> dict[str, float]:
    """The targets a report misses, with the figure it reached."""
    failed: dict[str, float] = {}
    for name, (op, bound) in TARGETS.items():
        found = getattr(report, name)
        if found is None:
            continue
        value = float(found)
        if (op == ">=" and value < bound) or (op == "<=" and value > bound):
            failed[name] = value
    return failed
