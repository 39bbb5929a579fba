"""The vocabulary of triage: what a classification says and why."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

# The shared words, re-exported (`__all__`): triage's modules import them from here.
from peerline_shared.events.vocabulary import LANGS, TOPICS, URGENCY_ORDER, CueKind, Lang, Topic, Urgency

EmergencyKind = Literal["overdose", "suicide", "seizure", "violence", "bleeding", "other"]

URGENCY_LEVELS: tuple[Urgency, ...] = URGENCY_ORDER
"""The taxonomy's order, most urgent first (the contract's `URGENCY_ORDER`)."""
EMERGENCY_KINDS: tuple[EmergencyKind, ...] = get_args(EmergencyKind)


@dataclass(frozen=True, slots=True)
class Signal:
    """One cue that fired: shown to the consultant so they see why a message was ranked."""

    cue: str
    kind: CueKind
    label: str
    words: tuple[str, ...]
    weight: float


@dataclass(frozen=True, slots=True)
class Classification:
    urgency: Urgency
    topics: tuple[Topic, ...]
    lang: Lang
    confidence: float
    signals: tuple[Signal, ...]
    emergency_kind: EmergencyKind | None = None
    transliterated: bool = False
    # True only for a certain emergency: the full first-aid reply goes out. A possible one
    # (urgency emergency, first_aid False) gets the short safety message instead.
    first_aid: bool = False


__all__ = [
    "EMERGENCY_KINDS",
    "LANGS",
    "TOPICS",
    "URGENCY_LEVELS",
    "Classification",
    "CueKind",
    "EmergencyKind",
    "Lang",
    "Signal",
    "Topic",
    "Urgency",
]
