"""Triage classifier: urgency, topics and language of one client message.

from peerline_triage.classifier import Classifier, conversation_urgency

classifier = Classifier.load()          # once per process
result = classifier.classify("ne dyshe pislya metadonu")
result.urgency, result.topics, result.emergency_kind, result.signals
"""

from peerline_triage.classifier.classifier import Classifier
from peerline_triage.classifier.conversation import conversation_urgency
from peerline_triage.classifier.lexicon import LexiconError
from peerline_triage.classifier.model import (
    EMERGENCY_KINDS,
    LANGS,
    TOPICS,
    URGENCY_LEVELS,
    Classification,
    CueKind,
    EmergencyKind,
    Lang,
    Signal,
    Topic,
    Urgency,
)

__all__ = [
    "EMERGENCY_KINDS",
    "LANGS",
    "TOPICS",
    "URGENCY_LEVELS",
    "Classification",
    "Classifier",
    "CueKind",
    "EmergencyKind",
    "Lang",
    "LexiconError",
    "Signal",
    "Topic",
    "Urgency",
    "conversation_urgency",
]
