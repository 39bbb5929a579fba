"""Value types several areas share: channels, urgency, topics, triage signals."""

from __future__ import annotations

from typing import Literal, get_args

from peerline_shared.events.base import WireModel

Channel = Literal["web", "telegram"]
CHANNELS: tuple[Channel, ...] = ("web", "telegram")
Urgency = Literal["emergency", "high", "normal", "low"]
URGENCY_ORDER: tuple[Urgency, ...] = ("emergency", "high", "normal", "low")
Topic = Literal[
    "overdose", "ost", "hiv", "tb", "hepatitis", "legal",
    "humanitarian", "mental_health", "harm_reduction", "other",
]
TOPICS: tuple[Topic, ...] = get_args(Topic)
Lang = Literal["uk", "ru", "en"]
# How sure triage is of an emergency: "certain" gets the full first aid, "possible" a short
# safety message (both are urgency emergency for routing).
EmergencyTier = Literal["certain", "possible"]


def urgency_rank(urgency: Urgency) -> int:
    """0 for emergency … 3 for low: sort ascending to put the most urgent first."""
    return URGENCY_ORDER.index(urgency)


class Signal(WireModel):
    """One triage cue that fired, with the words that fired it ("why flagged")."""

    cue: str
    kind: Literal["urgency", "topic", "modifier"]
    label: str
    words: tuple[str, ...] = ()
    weight: float = 0.0
