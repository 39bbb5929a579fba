"""The vocabulary of triage: what a classification says and why."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

Urgency = Literal["emergency", "high", "normal", "low"]
Topic = Literal[
    "overdose",
    "ost",
    "hiv",
    "tb",
    "hepatitis",
    "legal",
    "humanitarian",
    "mental_health",
    "harm_reduction",
    "other",
]
Lang = Literal["uk", "ru", "en"]
EmergencyKind = Literal["overdose", "suicide", "seizure", "violence", "bleeding", "other"]
CueKind = Literal["urgency", "topic", "modifier"]

URGENCY_LEVELS: tuple[Urgency, ...] = get_args(Urgency)
TOPICS: tuple[Topic, ...] = get_args(Topic)
LANGS: tuple[Lang, ...] = get_args(Lang)
EMERGENCY_KINDS: tuple[EmergencyKind, ...] = get_args(EmergencyKind)

# Higher number = more urgent; the order of the taxonomy, most urgent first.
URGENCY_RANK: dict[Urgency, int] = {"emergency": 3, "high": 2, "normal": 1, "low": 0}


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
