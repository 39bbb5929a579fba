"""Value types several areas share: the vocabulary (re-exported) and triage signals."""

from __future__ import annotations

from peerline_shared.events.base import WireModel
from peerline_shared.events.vocabulary import (
    CHANNELS,
    TOPICS,
    URGENCY_ORDER,
    Channel,
    CueKind,
    EmergencyTier,
    Lang,
    Topic,
    Urgency,
    urgency_rank,
)


class Signal(WireModel):
    """One triage cue that fired, with the words that fired it ("why flagged")."""

    cue: str
    kind: CueKind
    label: str
    words: tuple[str, ...] = ()
    weight: float = 0.0


__all__ = [
    "CHANNELS",
    "TOPICS",
    "URGENCY_ORDER",
    "Channel",
    "EmergencyTier",
    "Lang",
    "Signal",
    "Topic",
    "Urgency",
    "urgency_rank",
]
