"""Console rules with no I/O: queue order, roles, outcome tags, referral text."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from peerline_shared.events import HelpServiceItem, QueueItem, urgency_rank

Role = Literal["consultant", "supervisor", "admin"]
ROLE_RANK: dict[str, int] = {"consultant": 0, "supervisor": 1, "admin": 2}
OUTCOME_TAGS: tuple[str, ...] = (
    "resolved",
    "referred",
    "first_aid",
    "information",
    "no_response",
    "abusive",
    "other",
)
STATE_ORDER = {"queued": 0, "offered": 0, "waiting": 1, "active": 1, "closed": 2}


def has_role(role: str, needed: Role) -> bool:
    return ROLE_RANK.get(role, -1) >= ROLE_RANK[needed]


def order_queue(items: Iterable[QueueItem]) -> list[QueueItem]:
    """Waiting conversations first, then the most urgent, then the longest waiting."""
    return sorted(
        items,
        key=lambda item: (STATE_ORDER.get(item.state, 1), urgency_rank(item.urgency), item.waiting_since),
    )


def valid_outcomes(outcomes: Iterable[str]) -> tuple[str, ...]:
    chosen = [tag for tag in OUTCOME_TAGS if tag in set(outcomes)]
    return tuple(chosen)


def referral_text(service: HelpServiceItem) -> str:
    """What "insert" puts into the reply box: enough for the client to go there."""
    parts = [service.name, ", ".join(part for part in (service.city, service.address) if part)]
    if service.opening_hours:
        parts.append(service.opening_hours)
    if service.contacts:
        parts.append(service.contacts)
    return " — ".join(part for part in parts if part)
