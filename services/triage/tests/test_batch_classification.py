"""A batch classified at once gives every message the classification it gets alone, and the
learned model's batched arithmetic gives the scores of the plain per-message formula (the
sub-linear tf-idf of `ngrams`, L2-normalised, dotted with each head), on every message of the
development sets and the probe sets."""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path

import pytest

from peerline_triage.classifier import Classifier
from peerline_triage.classifier.learned import Assessment, LearnedModel, ngrams
from peerline_triage.classifier.tiers import combine

SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "triage"
PROBES = sorted((Path(__file__).parent / "data").glob("*.jsonl"))
FILES = [SHARED / "dev.jsonl", SHARED / "dev2.jsonl", *PROBES]
EDGES = ["", "   ", "12345", "!!!", "ok", "не не не", "HIV+ ВІЛ+"]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    found = [json.loads(line)["text"] for path in FILES if path.is_file()
             for line in path.read_text(encoding="utf-8").splitlines()]
    if len(found) < 1500:
        pytest.skip("development sets not available")
    return found + EDGES


def plain_assessment(model: LearnedModel, text: str) -> Assessment:
    """The model's formula one message and one n-gram at a time, in plain Python."""
    weights = model._weights
    counts = Counter(gram for gram in ngrams(text) if gram in weights)
    values = {gram: weights[gram][0] * (1.0 + math.log(count)) for gram, count in counts.items()}
    norm = math.sqrt(sum(v * v for v in values.values()))
    logits = [float(b) + sum(v / norm * weights[g][1 + head] for g, v in values.items())
              for head, b in enumerate(model._intercepts)]
    heads = [1.0 / (1.0 + math.exp(-max(-500.0, min(500.0, z)))) for z in logits]
    topics = [h / sum(heads[2:]) for h in heads[2:]]
    best = max(range(len(topics)), key=topics.__getitem__)
    features = model._tf_idf(text)  # which n-grams `strongest` names, checked below
    return Assessment(heads[0], heads[1], model.topic_heads[best], topics[best], features)


def test_the_batched_model_scores_as_the_plain_formula(classifier: Classifier, texts: list[str]) -> None:
    model = classifier.learned
    assert model is not None
    for size in (1, 64):
        for start in range(0, len(texts), size):
            batch = texts[start:start + size]
            for text, found in zip(batch, model.assess_many(batch), strict=True):
                plain = plain_assessment(model, text)
                assert (found.topic, found.emergency, found.high, found.topic_probability) == (
                    plain.topic, pytest.approx(plain.emergency, abs=1e-9),
                    pytest.approx(plain.high, abs=1e-9), pytest.approx(plain.topic_probability, abs=1e-9),
                ), text
                if found.features is not None:
                    rows, values = found.features
                    grams = Counter(g for g in ngrams(text) if g in model._weights)
                    assert sorted(model._grams[r] for r in rows.tolist()) == sorted(grams), text
                    assert values.tolist() == pytest.approx(
                        [model._weights[model._grams[r]][0] * (1 + math.log(grams[model._grams[r]]))
                         for r in rows.tolist()], abs=1e-12)
                else:
                    assert not any(g in model._weights for g in ngrams(text)), text


def test_a_batch_gets_what_each_message_gets_alone(classifier: Classifier, texts: list[str]) -> None:
    model = classifier.learned
    assert model is not None
    alone = [combine(classifier.classify_by_lexicons(t), t, model, plain_assessment(model, t)) for t in texts]
    for size in (1, 64):
        batched = [result for start in range(0, len(texts), size)
                   for result in classifier.classify_batch(texts[start:start + size])]
        differing = [(t, a, b) for t, a, b in zip(texts, alone, batched, strict=True) if a != b]
        assert not differing, differing[:3]
