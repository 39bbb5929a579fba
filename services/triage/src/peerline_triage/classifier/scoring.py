"""From cue hits to a decision: modifiers first, then urgency, then topics in order of importance.

Pure functions over the hits the matcher found; every number used here comes from the lexicon
files (cue weights) or from `Thresholds` (the `scoring:` block in `lexicons/scoring.yaml`).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from peerline_shared.events.vocabulary import is_at_least, is_more_urgent, urgency_rank
from peerline_triage.classifier.lexicon import Cue
from peerline_triage.classifier.matcher import Hit
from peerline_triage.classifier.model import (
    TOPICS,
    URGENCY_LEVELS,
    EmergencyKind,
    Signal,
    Topic,
    Urgency,
)
from peerline_triage.classifier.text import Token


@dataclass(frozen=True, slots=True)
class Thresholds:
    emergency: float = 1.0
    high: float = 1.0
    normal: float = 0.5
    urgent_bonus: float = 0.3
    use_bonus: float = 0.4
    repeat_factor: float = 0.5
    modifier_reach: int = 6
    topic_min: float = 0.5
    main_topic_bonus: float = 2.0
    max_topics: int = 3
    short_message: int = 4  # words; an unrecognised short message is small talk (low)
    topic_priority: tuple[Topic, ...] = TOPICS
    # a disease named in the message leads over the topic a symptom implies ("TB, coughing blood")
    named_topics: tuple[Topic, ...] = ()
    named_topic_bonus: float = 0.0

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> Thresholds:
        values: dict[str, Any] = dict(data)
        for key in ("topic_priority", "named_topics"):
            if key in values:
                values[key] = tuple(values[key])
        return cls(**values)


@dataclass(frozen=True, slots=True)
class Decision:
    urgency: Urgency
    topics: tuple[Topic, ...]
    confidence: float
    signals: tuple[Signal, ...]
    emergency_kind: EmergencyKind | None


@dataclass
class _Context:
    """Where the modifiers fired: by clause (with their reach), for the whole message, by position."""

    reach: int
    negated_at: set[int] = field(default_factory=set)
    clauses: dict[str, set[tuple[int, int, int]]] = field(default_factory=lambda: defaultdict(set))
    everywhere: set[str] = field(default_factory=set)
    resolved_at: list[int] = field(default_factory=list)
    weight: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    fired: set[str] = field(default_factory=set)

    def distance(self, label: str, hit: Hit, tokens: Sequence[Token]) -> int | None:
        """How near the closest modifier of this kind is to the cue (same clause, within reach)."""
        found = self.clauses.get(label)
        if not found:  # most modifiers fire in no message: no empty set made for each ask
            return None
        near = [
            abs(at - p)
            for clause, at, reach in found
            for p in hit.positions
            if clause == tokens[p].clause and abs(at - p) <= reach
        ]
        return min(near) if near else None

    def applies(self, label: str, hit: Hit, tokens: Sequence[Token]) -> bool:
        """Whether a modifier acts on a cue: anywhere, or in its clause and near enough."""
        return label in self.everywhere or self.distance(label, hit, tokens) is not None

    def closer_than_present(self, label: str, hit: Hit, tokens: Sequence[Token]) -> bool:
        """A past / hypothetical word acts unless "now" stands closer to the cue than it does:
        "a year ago he overdosed, now he wants naloxone at home" is past; "4 days ago he took
        methadone, now he is seizing" is now."""
        mine = self.distance(label, hit, tokens)
        if mine is None:
            return False
        present = self.distance("present", hit, tokens)
        return present is None or mine <= present


def _context(hits: Sequence[Hit], cues: Sequence[Cue], tokens: Sequence[Token], reach: int) -> _Context:
    ctx = _Context(reach)
    for hit in hits:
        if cues[hit.cue].kind == "modifier" and cues[hit.cue].label == "negation":
            ctx.negated_at.update(hit.positions)
    seen: set[int] = set()
    for hit in hits:
        cue = cues[hit.cue]
        if cue.kind != "modifier" or cue.label == "negation":
            continue
        if _is_negated(hit, ctx, cue, tokens):  # "not awake", "не срочно": the modifier does not hold
            continue
        if cue.label == "resolved":
            ctx.resolved_at.append(hit.positions[-1])
        if cue.scope == "message":
            ctx.everywhere.add(cue.label)
        else:
            own_reach = reach if cue.reach is None else cue.reach
            ctx.clauses[cue.label].update((tokens[p].clause, p, own_reach) for p in hit.positions)
        if hit.cue not in seen:
            seen.add(hit.cue)
            ctx.fired.add(cue.label)
            ctx.weight[cue.label] += cue.weight
    return ctx


def _is_negated(hit: Hit, ctx: _Context, cue: Cue, tokens: Sequence[Token]) -> bool:
    """A negation right before the cue, in the same clause ("нет. что делать" is not negated)."""
    start = hit.positions[0]
    if cue.needs_negation(hit.term) or start in ctx.negated_at or start == 0:
        return False
    return (start - 1) in ctx.negated_at and tokens[start - 1].clause == tokens[start].clause


def _effective_level(cue: Cue, hit: Hit, ctx: _Context, tokens: Sequence[Token]) -> Urgency:
    level: Urgency = cue.label  # type: ignore[assignment]
    if not is_at_least(level, "high"):
        return level
    if level == "emergency" and ctx.applies("benign", hit, tokens):
        return "normal"

    def acts(label: str) -> bool:
        return label not in cue.immune_to and ctx.closer_than_present(label, hit, tokens)

    now = ctx.applies("present", hit, tokens)
    if not now and any(ctx.applies(label, hit, tokens) for label in ("prevention", "reported")):
        return "normal"
    if acts("hypothetical") or acts("distant_past"):
        return "normal"
    if level == "emergency" and acts("recent_past"):
        return "high"
    if level == "emergency" and any(r > hit.positions[-1] for r in ctx.resolved_at):
        return "high"
    return level


def decide(hits: Sequence[Hit], cues: Sequence[Cue], tokens: Sequence[Token], limits: Thresholds) -> Decision:
    ctx = _context(hits, cues, tokens, limits.modifier_reach)
    best: dict[int, tuple[Urgency, Hit]] = {}
    topic_hits: dict[int, Hit] = {}
    for hit in hits:
        cue = cues[hit.cue]
        if cue.kind == "modifier" or _is_negated(hit, ctx, cue, tokens):
            continue
        if cue.kind == "topic":
            topic_hits.setdefault(hit.cue, hit)
            continue
        level = _effective_level(cue, hit, ctx, tokens)
        if hit.cue not in best or is_more_urgent(level, best[hit.cue][0]):
            best[hit.cue] = (level, hit)

    terms_seen: dict[int, set[int]] = defaultdict(set)
    for hit in hits:
        terms_seen[hit.cue].add(hit.term)
    score: dict[Urgency, float] = defaultdict(float)
    for index, (level, _) in best.items():
        # a second, different symptom of the same kind counts half again
        extra = min(len(terms_seen[index]), 3) - 1
        score[level] += cues[index].weight * (1 + limits.repeat_factor * extra)
    substance = any(cues[i].label != "other" for i in topic_hits) or any(
        is_at_least(level, "normal") for level, _ in best.values()
    )
    # weak signs of an overdose or seizure count more right after drug use ("вмазался, хрипит")
    drug_danger = any(
        level == "emergency" and cues[i].emergency_kind in ("overdose", "seizure")
        for i, (level, _) in best.items()
    )
    use = limits.use_bonus if drug_danger and ctx.weight["use_context"] > 0 else 0.0
    urgency = _urgency(score, ctx, tokens, substance, limits, use)
    topics = _topics(best, topic_hits, cues, urgency, limits)
    signals = _signals(hits, best, topic_hits, cues, tokens)
    kind = _emergency_kind(best, cues) if urgency == "emergency" else None
    return Decision(urgency, topics, _confidence(urgency, score, limits), signals, kind)


def _urgency(
    score: Mapping[Urgency, float],
    ctx: _Context,
    tokens: Sequence[Token],
    anything: bool,
    limits: Thresholds,
    use: float = 0.0,
) -> Urgency:
    urgent = limits.urgent_bonus if ctx.weight["urgent"] > 0 else 0.0
    soon = limits.urgent_bonus if ctx.weight["soon"] > 0 else 0.0
    emergency = score["emergency"]
    if emergency > 0 and emergency + urgent + use >= limits.emergency:
        return "emergency"
    high = score["high"] + emergency
    if high > 0 and (high + max(urgent, soon) >= limits.high or emergency > 0):
        return "high"
    if ctx.resolved_at and "distant_past" not in ctx.fired:  # "breathing again": minutes ago
        return "high"
    normal = score["normal"] + high + (0.5 if anything else 0.0)
    low = score["low"] + ctx.weight["closing"] + ctx.weight["reported"]
    if low > 0 and low >= normal:
        return "low"
    if normal >= limits.normal:
        return "normal"
    return "low" if len(tokens) <= limits.short_message else "normal"


def _topics(
    best: Mapping[int, tuple[Urgency, Hit]],
    topic_hits: Mapping[int, Hit],
    cues: Sequence[Cue],
    urgency: Urgency,
    limits: Thresholds,
) -> tuple[Topic, ...]:
    score: dict[Topic, float] = defaultdict(float)
    for index in topic_hits:
        label: Topic = cues[index].label  # type: ignore[assignment]
        score[label] += cues[index].weight
        if label in limits.named_topics:
            score[label] += limits.named_topic_bonus
    deciding = max(
        (i for i, (level, _) in best.items() if level == urgency and cues[i].topics),
        key=lambda i: cues[i].weight,
        default=None,
    )
    for index in best:
        cue = cues[index]
        bonus = limits.main_topic_bonus if index == deciding else 0.0
        for topic in cue.topics:
            score[topic] += cue.weight + bonus
    chosen = [t for t, s in score.items() if s >= limits.topic_min]
    order = {t: i for i, t in enumerate(limits.topic_priority)}
    chosen.sort(key=lambda t: (-score[t], order.get(t, len(order))))
    return tuple(chosen[: limits.max_topics]) or ("other",)


# Between cues of equal weight, the kind whose first aid cannot wait: pills already swallowed
# with a wish to die are first an overdose (call an ambulance), then a conversation.
_KIND_FIRST: tuple[EmergencyKind, ...] = ("overdose", "seizure", "bleeding", "suicide", "violence", "other")


def _emergency_kind(best: Mapping[int, tuple[Urgency, Hit]], cues: Sequence[Cue]) -> EmergencyKind:
    ranked = sorted(
        (cues[i] for i, (level, _) in best.items() if level == "emergency"),
        key=lambda c: (-c.weight, _KIND_FIRST.index(c.emergency_kind or "other")),
    )
    return next((c.emergency_kind for c in ranked if c.emergency_kind), "other")


# `urgency_rank` of every urgency, looked up: most signals are topics and modifiers, whose labels
# `urgency_rank` only tells apart from urgencies by catching a ValueError (about 1 µs each).
_RANK: dict[str, int] = {level: urgency_rank(level) for level in URGENCY_LEVELS}
_UNRANKED = urgency_rank("")


def _signals(
    hits: Sequence[Hit],
    best: Mapping[int, tuple[Urgency, Hit]],
    topic_hits: Mapping[int, Hit],
    cues: Sequence[Cue],
    tokens: Sequence[Token],
) -> tuple[Signal, ...]:
    def words(hit: Hit) -> tuple[str, ...]:
        return tuple(tokens[p].text for p in hit.positions)

    out: list[Signal] = []
    for index, (level, hit) in best.items():
        out.append(Signal(cues[index].id, "urgency", level, words(hit), cues[index].weight))
    for index, hit in topic_hits.items():
        cue = cues[index]
        out.append(Signal(cue.id, "topic", cue.label, words(hit), cue.weight))
    seen: set[int] = set()
    for hit in hits:
        cue = cues[hit.cue]
        if cue.kind == "modifier" and hit.cue not in seen and cue.label != "clause_break":
            seen.add(hit.cue)
            out.append(Signal(cue.id, "modifier", cue.label, words(hit), cue.weight))
    out.sort(key=lambda s: (s.kind != "urgency", _RANK.get(s.label, _UNRANKED), -s.weight))
    return tuple(out)


def _confidence(urgency: Urgency, score: Mapping[Urgency, float], limits: Thresholds) -> float:
    """How clearly the evidence points at the chosen level (0.5 = a guess, ~1 = unanimous)."""
    own = score[urgency]
    rivals = sum(v for level, v in score.items() if level != urgency)
    certainty = 1.0 - math.exp(-1.5 * own) if own > 0 else 0.3
    return round(max(0.05, min(0.99, 0.4 + 0.55 * certainty - 0.1 * rivals)), 3)
