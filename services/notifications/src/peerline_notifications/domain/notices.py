"""Batching consultant notices, pure: many small notices become one per consultant.

Emergencies and "taken" go out at once (see routing); everything else waits in a batch for a
few seconds so a busy queue does not flood a consultant's console or Telegram.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from peerline_shared.events.vocabulary import urgency_rank

KIND_WEIGHT = {
    "escalation": 0,
    "transferred_to_you": 1,
    "requeued": 2,
    "new_conversation": 3,
    "client_message": 4,
}


@dataclass(frozen=True)
class Notice:
    consultant_ids: tuple[uuid.UUID, ...]
    kind: str
    conversation_id: uuid.UUID | None = None
    urgency: str | None = None
    topics: tuple[str, ...] = ()
    lang: str | None = None
    waiting_since: datetime | None = None


@dataclass(frozen=True)
class About:
    """What a batched notice says of its conversation, when it is about exactly one."""

    topics: tuple[str, ...] = ()
    lang: str | None = None
    waiting_since: datetime | None = None


@dataclass(frozen=True)
class BatchedNotice:
    consultant_ids: tuple[uuid.UUID, ...]
    kind: str
    conversation_id: uuid.UUID | None
    urgency: str | None
    summary: str
    about: About = field(default_factory=About)


def _summary(notices: list[Notice]) -> str:
    conversations = {n.conversation_id for n in notices if n.conversation_id}
    by_urgency = Counter(n.urgency for n in notices if n.urgency)
    parts = ", ".join(
        f"{count} {urgency}"
        for urgency, count in sorted(by_urgency.items(), key=lambda kv: urgency_rank(kv[0]))
    )
    noun = "conversation" if len(conversations) == 1 else "conversations"
    return f"{len(conversations)} {noun} need attention" + (f" ({parts})" if parts else "")


Merged = tuple[str, uuid.UUID | None, str | None, str, About]


def _merge(notices: list[Notice]) -> Merged:
    kind = min((n.kind for n in notices), key=lambda k: KIND_WEIGHT.get(k, 9))
    conversations = {n.conversation_id for n in notices if n.conversation_id}
    conversation = next(iter(conversations)) if len(conversations) == 1 else None
    urgencies = [n.urgency for n in notices if n.urgency]
    urgency = min(urgencies, key=urgency_rank, default=None)
    about = About()
    if conversation is not None:
        latest = next(n for n in reversed(notices) if n.conversation_id == conversation)
        about = About(latest.topics, latest.lang, latest.waiting_since)
    return kind, conversation, urgency, _summary(notices), about


def batch(notices: Iterable[Notice]) -> list[BatchedNotice]:
    """One notice per consultant; consultants with identical notices share one message."""
    per_consultant: dict[uuid.UUID, list[Notice]] = defaultdict(list)
    for notice in notices:
        for consultant_id in notice.consultant_ids:
            per_consultant[consultant_id].append(notice)
    grouped: dict[Merged, list[uuid.UUID]] = defaultdict(list)
    for consultant_id, theirs in per_consultant.items():
        grouped[_merge(theirs)].append(consultant_id)
    return [
        BatchedNotice(tuple(ids), kind, conversation, urgency, summary, about)
        for (kind, conversation, urgency, summary, about), ids in grouped.items()
    ]
