"""Urgency of a whole conversation, from its messages' urgencies."""

from __future__ import annotations

from collections.abc import Sequence

from peerline_shared.events.vocabulary import most_urgent
from peerline_triage.classifier.model import Urgency


def conversation_urgency(current: Urgency, recent: Sequence[Urgency]) -> Urgency:
    """The urgency a conversation is queued at, given its newest message and the ones before it.

    The rule, exactly:

    1. If the newest message (`current`) is `emergency`, the conversation is `emergency`.
    2. Otherwise take the highest level among `current` and `recent` (the earlier messages the
       caller still counts as recent; which window is the caller's choice).
    3. If that highest level is `emergency` (an earlier message was an emergency and the newest
       is not, e.g. "he's breathing again, what now"), the conversation is `high`: the danger
       may not be over, but it no longer needs an answer within seconds.
    4. Otherwise the conversation is that highest level.

    So a follow-up after an emergency is never below `high` while the emergency is recent, and
    never `emergency` unless the follow-up itself is one.
    """
    if current == "emergency":
        return "emergency"
    highest = most_urgent((current, *recent)) or current
    return "high" if highest == "emergency" else highest
