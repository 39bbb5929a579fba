"""Consultants correcting triage, pure: who may, what a correction keeps as training data, and
how often triage was corrected (the supervisor's figure)."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from peerline_notifications.domain.states import (
    OWNED,
    Decision,
    Person,
    Refusal,
    Snapshot,
    Transition,
    Unchanged,
)
from peerline_shared.events import URGENCY_ORDER, LabelledMessage, Lang, Topic, Urgency, UrgencyChange

MAX_TEXTS = 5
"""A correction keeps the client's last few messages: the ones triage read to decide."""
MAX_TEXT_CHARS = 4000
EXPORT_ID_PREFIX = "corr-"


@dataclass(frozen=True)
class Labels:
    urgency: Urgency
    topics: tuple[Topic, ...]

    def as_audit(self) -> dict[str, object]:
        return {"urgency": self.urgency, "topics": list(self.topics)}


def correct(current: Snapshot, person: Person, *, triaged: Labels, corrected: Labels) -> Decision:
    """Anyone may correct a waiting conversation; an owned one, its owner or a supervisor; a
    closed one, whoever held it last or a supervisor (a label is often clear only at the end)."""
    mine = current.owner_id == person.consultant_id
    if current.state == "closed" and not (mine or person.is_supervisor):
        return Refusal("closed", "only whoever held it or a supervisor can correct a closed conversation")
    if current.state in OWNED and not (mine or person.is_supervisor):
        return Refusal("not_yours", "another consultant holds it", holder_alias=current.owner_alias)
    if triaged == corrected:
        return Unchanged("triage already says this")
    return Transition("triage_corrected", current, current)


def needs_routing(state: str, triaged: Urgency, corrected: Urgency) -> bool:
    """A waiting conversation raised in urgency is offered again at its new level (an emergency
    alerts everyone on shift); a lowered one just moves down the queue."""
    return state in ("queued", "offered") and URGENCY_ORDER.index(corrected) < URGENCY_ORDER.index(triaged)


def texts_to_keep(client_texts: Sequence[str | None]) -> list[str]:
    """The client's last `MAX_TEXTS` messages that still have text, oldest first, at most
    `MAX_TEXT_CHARS` in all (the newest kept whole first)."""
    kept: list[str] = []
    room = MAX_TEXT_CHARS
    for text in reversed([t for t in client_texts if t and t.strip()][-MAX_TEXTS:]):
        if len(text) > room:
            break
        kept.append(text)
        room -= len(text) + 1
    return kept[::-1]


def labelled(correction_id: int, texts: Sequence[str], lang: Lang, labels: Labels) -> LabelledMessage | None:
    """One line of training data in the taxonomy's format; None when no client text is left."""
    if not texts:
        return None
    return LabelledMessage(
        id=f"{EXPORT_ID_PREFIX}{correction_id}",
        text="\n".join(texts),
        lang=lang,
        urgency=labels.urgency,
        topics=labels.topics,
    )


@dataclass(frozen=True)
class Correction:
    """What the figure needs of one stored correction (in the order they were made)."""

    conversation_id: uuid.UUID
    triaged: Labels
    corrected: Labels
    urgency_now: Urgency
    """The conversation's urgency today (a later message may have raised it since)."""


@dataclass(frozen=True)
class CorrectionFigures:
    opened: int
    corrected: int
    opened_by_urgency: dict[Urgency, int]
    corrected_by_urgency: dict[Urgency, int]
    changes: tuple[UrgencyChange, ...]
    topics_only: int


def correction_figures(
    opened_by_urgency_now: Mapping[Urgency, int], corrections: Iterable[Correction]
) -> CorrectionFigures:
    """Of the conversations opened in a period (counted by their urgency today), how many
    consultants corrected, by the level triage gave; `corrections` are those of the same
    conversations, oldest first.

    A conversation counts once, from what triage said (its first correction's "before") to
    what the last correction says, so a consultant correcting a colleague's correction is not
    counted against triage; an uncorrected conversation's urgency is triage's."""
    first: dict[uuid.UUID, Labels] = {}
    last: dict[uuid.UUID, Correction] = {}
    for correction in corrections:
        first.setdefault(correction.conversation_id, correction.triaged)
        last[correction.conversation_id] = correction
    by_triage: Counter[Urgency] = Counter(opened_by_urgency_now)
    moves: Counter[tuple[Urgency, Urgency]] = Counter()
    topics_only = 0
    for conversation_id, before in first.items():
        after = last[conversation_id]
        by_triage[after.urgency_now] -= 1
        by_triage[before.urgency] += 1
        if before.urgency != after.corrected.urgency:
            moves[(before.urgency, after.corrected.urgency)] += 1
        elif before.topics != after.corrected.topics:
            topics_only += 1
    by_level: Counter[Urgency] = Counter()
    for (triaged, _), count in moves.items():
        by_level[triaged] += count
    return CorrectionFigures(
        opened=sum(opened_by_urgency_now.values()),
        corrected=sum(moves.values()) + topics_only,
        opened_by_urgency={level: count for level, count in by_triage.items() if count > 0},
        corrected_by_urgency=dict(by_level),
        changes=tuple(
            UrgencyChange(triaged=triaged, corrected=corrected, count=moves[(triaged, corrected)])
            for triaged in URGENCY_ORDER
            for corrected in URGENCY_ORDER
            if moves[(triaged, corrected)]
        ),
        topics_only=topics_only,
    )
