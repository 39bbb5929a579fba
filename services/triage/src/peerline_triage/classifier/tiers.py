"""Two tiers of emergency, from the lexicon verdict and the learned score (pure).

- certain: the lexicons say emergency and the model agrees (its score at or above `agree`),
  or the model alone is very sure (at or above `strong`) and no lexicon modifier puts the
  danger in the past, in a "what if" or in someone's story: the full first-aid reply;
- possible: the lexicons say emergency without the model's agreement, or the model's score
  is at or above `possible`: urgency emergency (consultants are alerted, the conversation
  jumps the queue) and a short safety message, not the whole protocol.

The topic head (one-vs-rest over the first labelled topic) puts its topic first when it is at
least `topic` sure, or when the lexicons found none. Below emergency, the model's second head
(high or emergency vs the rest) lifts a normal or low
message to high at or above `high`.
"""

from __future__ import annotations

from dataclasses import replace

from peerline_shared.events.vocabulary import is_at_least
from peerline_triage.classifier.learned import Assessment, LearnedModel
from peerline_triage.classifier.model import TOPICS, Classification, Signal

MAX_TOPICS = 3

MODEL_CUE = "model"
# The model reads words, not time or intent: where the lexicons see the danger as past,
# hypothetical, reported, harmless or over, the model alone makes a possible emergency at most.
# (Leave-one-voice-out: first-aid precision 0.955 -> 0.970, emergency recall unchanged.)
_LOWERING_MODIFIERS = frozenset(
    {"resolved", "distant_past", "recent_past", "hypothetical", "prevention", "benign", "reported"}
)


def lexicons_only(result: Classification) -> Classification:
    """Without a model every lexicon emergency is certain, as before the model existed."""
    return replace(result, first_aid=result.urgency == "emergency")


def combine(
    result: Classification, text: str, model: LearnedModel, assessment: Assessment | None = None
) -> Classification:
    """`result` is the lexicons' classification of `text`; `assessment` the model's, when the
    caller has it already (a batch is assessed at once)."""
    if assessment is None:
        assessment = model.assess(text)
    result = _main_topic(result, text, assessment, model)
    probability = assessment.emergency
    tiers = model.tiers
    lexicon_says = result.urgency == "emergency"
    model_says = probability >= tiers.possible
    lowered = any(s.kind == "modifier" and s.label in _LOWERING_MODIFIERS for s in result.signals)
    certain = (lexicon_says and probability >= tiers.agree) or (
        probability >= tiers.strong and not lowered
    )
    if not (lexicon_says or model_says):
        return _lift_to_high(replace(result, first_aid=False), text, assessment, model)
    signal = Signal(
        cue=f"{MODEL_CUE}/{model.version}",
        kind="urgency",
        label="emergency" if model_says else "normal",
        words=model.strongest(text, assessed=assessment),
        weight=round(probability, 3),
    )
    signals = (signal, *result.signals) if model_says else (*result.signals, signal)
    return replace(
        result,
        urgency="emergency",
        emergency_kind=result.emergency_kind or "other",
        first_aid=certain,
        signals=signals,
        confidence=max(result.confidence, round(probability, 3)) if model_says else result.confidence,
    )


def _lift_to_high(
    result: Classification, text: str, assessment: Assessment, model: LearnedModel
) -> Classification:
    """Below high, the second head may lift a message to high (a need within hours): the
    lexicons under-triage more often by missing a high need than by anything else."""
    high = assessment.high
    if is_at_least(result.urgency, "high") or high < model.tiers.high:
        return result
    signal = Signal(
        cue=f"{MODEL_CUE}/{model.version}",
        kind="urgency",
        label="high",
        words=model.strongest(text, head="high", assessed=assessment),
        weight=round(high, 3),
    )
    return replace(result, urgency="high", signals=(signal, *result.signals))


def _main_topic(result: Classification, text: str, found: Assessment, model: LearnedModel) -> Classification:
    """The topic head leads when it is sure (or the lexicons found no topic): the lexicons'
    topics miss more on new writers than their urgency cues do."""
    topic = found.topic
    if topic is None or topic == result.topics[0] or topic not in TOPICS:
        return result
    if found.topic_probability < model.tiers.topic and result.topics[0] != "other":
        return result
    topics = (topic, *(t for t in result.topics if t not in (topic, "other")))[:MAX_TOPICS]
    signal = Signal(
        cue=f"{MODEL_CUE}/{model.version}",
        kind="topic",
        label=topic,
        words=model.strongest(text, head=topic, assessed=found),
        weight=round(found.topic_probability, 3),
    )
    return replace(result, topics=topics, signals=(*result.signals, signal))
