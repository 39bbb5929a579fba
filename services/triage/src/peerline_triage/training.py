"""Building the learned signal (`peerline triage train`) and scoring it honestly
(`peerline triage evaluate --leave-one-voice-out`). Needs scikit-learn; the running service
does not import this module.

Everything learned from data is fitted on the training voices only, the tier thresholds too:
they are set on scores each training voice got from a model fitted without it (an inner
leave-one-voice-out), so the thresholds have seen only writers the model had not.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier

from peerline_shared.events.vocabulary import is_at_least
from peerline_triage.classifier.learned import LearnedModel, Tiers, ngrams
from peerline_triage.classifier.model import Classification
from peerline_triage.classifier.tiers import combine
from peerline_triage.evaluation import Labelled

MODEL_VERSION = "4"  # bump when the features, the learner or the calibration change
C = 16.0  # inverse regularisation: chosen by leave-one-voice-out (docs/triage.md)
MIN_DF = 2  # an n-gram seen in one message only is that writer's, not the language's
POSSIBLE_RECALL = 0.90  # the model alone finds this share of held-out emergencies
CERTAIN_PRECISION = 0.97  # first aid goes only where held-out messages were this precise
# The second head lifts normal / low to high at this P(high or emergency). Chosen by the
# leave-one-voice-out figure (0.5-0.9 tried; 0.8 had the best urgency macro-F1 on new voices).
HIGH_THRESHOLD = 0.8
# The topic head's main topic leads at this probability (0.2-0.8 tried by leave-one-voice-out;
# dev2's four voices: topic macro-F1 0.840 lexicons alone, 0.895 at 0.5).
TOPIC_THRESHOLD = 0.5


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    emergency: bool
    lexicon_emergency: bool  # what the lexicons alone say, for the certain tier's threshold
    voice: str
    high: bool = False  # labelled high or emergency: the second head's target
    topic: str = "other"  # the first labelled topic: the topic head's target


@lru_cache(maxsize=50_000)
def _analyse(text: str) -> tuple[str, ...]:
    """A message's n-grams, once per process: leave-one-voice-out fits 49 models on the same texts."""
    return tuple(ngrams(text))


def data_hash(records: Sequence[Labelled]) -> str:
    """SHA-256 over the training records in order (text and labels), for the model's metadata."""
    digest = hashlib.sha256()
    for record in records:
        digest.update(f"{record.id}\t{record.urgency}\t{','.join(record.topics)}\t{record.text}\n".encode())
    return digest.hexdigest()


def fit_scorer(examples: Sequence[Example], head: str = "emergency") -> Callable[[Sequence[str]], np.ndarray]:
    """Fit one head on `examples`; returns its scorer (P(emergency), or P(high or emergency))."""
    vectoriser, matrix = _vectorise(examples)
    learner = _learn(matrix, [e.high if head == "high" else e.emergency for e in examples])
    return lambda texts: learner.predict_proba(vectoriser.transform(list(texts)))[:, 1]


def _vectorise(examples: Sequence[Example]) -> tuple[TfidfVectorizer, Any]:
    vectoriser = TfidfVectorizer(analyzer=_analyse, min_df=MIN_DF, sublinear_tf=True, dtype=np.float64)
    return vectoriser, vectoriser.fit_transform([e.text for e in examples])


def _learner() -> LogisticRegression:
    return LogisticRegression(C=C, solver="liblinear", class_weight="balanced", max_iter=1000, random_state=0)


def _learn(matrix: Any, labels: Sequence[bool]) -> LogisticRegression:
    return _learner().fit(matrix, np.array(labels))


def held_out_scores(examples: Sequence[Example]) -> np.ndarray:
    """Each example's score from a model fitted on the other voices only."""
    voices = sorted({e.voice for e in examples})
    scores = np.zeros(len(examples))
    if len(voices) < 2:
        raise ValueError("calibrating the tiers needs labelled messages from at least two voices")
    for voice in voices:
        train = [e for e in examples if e.voice != voice]
        held = [i for i, e in enumerate(examples) if e.voice == voice]
        scores[held] = fit_scorer(train)([examples[i].text for i in held])
    return scores


def calibrate(examples: Sequence[Example], scores: np.ndarray) -> Tiers:
    truth = np.array([e.emergency for e in examples])
    lexicon = np.array([e.lexicon_emergency for e in examples])
    emergencies = np.sort(scores[truth])
    possible = float(emergencies[int((1 - POSSIBLE_RECALL) * len(emergencies))]) if len(emergencies) else 0.5
    agree = _precise_from(scores[lexicon], truth[lexicon], CERTAIN_PRECISION, minimum=0.0)
    strong = _precise_from(scores, truth, CERTAIN_PRECISION, minimum=max(possible, 0.5))
    return Tiers(possible=round(possible, 6), agree=round(agree, 6), strong=round(strong, 6),
                 high=HIGH_THRESHOLD, topic=TOPIC_THRESHOLD)


def _precise_from(scores: np.ndarray, truth: np.ndarray, precision: float, minimum: float) -> float:
    """The lowest threshold (at least `minimum`) at and above which held-out messages were at
    least `precision` emergencies; inf when no threshold was."""
    order = np.argsort(-scores, kind="stable")
    hits = np.cumsum(truth[order])
    good = np.flatnonzero(hits / np.arange(1, len(order) + 1) >= precision)
    if not len(good):
        return float("inf")
    return max(float(scores[order[good[-1]]]), minimum)


def train(examples: Sequence[Example], meta: dict[str, object]) -> LearnedModel:
    """The whole build: thresholds from held-out voices, then both heads on every example
    (one vocabulary: the same texts give the same n-grams and idf)."""
    tiers = calibrate(examples, held_out_scores(examples))
    vectoriser, matrix = _vectorise(examples)
    heads = [_learn(matrix, [e.emergency for e in examples]), _learn(matrix, [e.high for e in examples])]
    columns = [h.coef_[0] for h in heads]
    intercept_values = [h.intercept_[0] for h in heads]
    topic_heads: list[str] = []
    if len({e.topic for e in examples}) >= 3:  # with fewer, one-vs-rest is not one head a topic
        topics = OneVsRestClassifier(_learner()).fit(matrix, np.array([e.topic for e in examples]))
        columns += [t.coef_[0] for t in topics.estimators_]
        intercept_values += [t.intercept_[0] for t in topics.estimators_]
        topic_heads = [str(t) for t in topics.classes_]
    weights = {
        gram: (_round(float(vectoriser.idf_[index])), *(_round(float(c[index])) for c in columns))
        for gram, index in vectoriser.vocabulary_.items()
        if any(abs(c[index]) >= 1e-6 for c in columns)
    }
    meta = {"version": MODEL_VERSION, "C": C, "min_df": MIN_DF,
            "topic_heads": topic_heads, **meta}
    intercepts = tuple(_round(float(v)) for v in intercept_values)
    return LearnedModel(weights, intercepts, tiers, meta)


def _round(value: float) -> float:
    """Six significant digits: the file stays small and its bytes do not depend on the last
    bits of floating-point arithmetic on one machine."""
    return float(f"{value:.6g}")


def examples_from(
    records: Sequence[Labelled], voices: Sequence[str], lexicon: Sequence[Classification]
) -> list[Example]:
    return [
        Example(record.text, record.urgency == "emergency", verdict.urgency == "emergency", voice,
                high=is_at_least(record.urgency, "high"), topic=record.topics[0])
        for record, voice, verdict in zip(records, voices, lexicon, strict=True)
    ]


def leave_one_voice_out(
    records: Sequence[Labelled],
    voices: Sequence[str],
    lexicon: Sequence[Classification],
    meta: dict[str, object] | None = None,
) -> list[Classification]:
    """Each record classified with a model built (thresholds included) without its voice;
    `lexicon` is each record's lexicon-only classification."""
    examples = examples_from(records, voices, lexicon)
    out: list[Classification | None] = [None] * len(records)
    for voice in sorted(set(voices)):
        model = train([e for e in examples if e.voice != voice], meta or {})
        for index in (i for i, v in enumerate(voices) if v == voice):
            out[index] = combine(lexicon[index], records[index].text, model)
    return [result for result in out if result is not None]


def build(records: Sequence[Labelled], voices: Sequence[str], lexicons: Any) -> LearnedModel:
    """`peerline triage train`: the model from every record, with the data's hash inside.
    `lexicons` is a Classifier; its lexicon verdicts set the certain tier's threshold."""
    lexicon = [lexicons.classify_by_lexicons(r.text) for r in records]
    examples = examples_from(records, voices, lexicon)
    return train(examples, {"data_sha256": data_hash(records), "messages": len(records),
                            "voices": len(set(voices))})
