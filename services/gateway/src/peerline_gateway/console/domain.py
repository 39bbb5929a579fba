"""Console rules with no I/O: queue order, roles, outcome tags, referral text."""

from __future__ import annotations

from collections.abc import Iterable

from peerline_shared.events import HelpServiceItem, QueueItem, urgency_rank
from peerline_shared.events.vocabulary import UNCLAIMED_STATES
from peerline_shared.events.vocabulary import Role as Role
from peerline_shared.events.vocabulary import has_role as has_role

OUTCOME_TAGS: tuple[str, ...] = (
    "resolved",
    "referred",
    "first_aid",
    "information",
    "no_response",
    "abusive",
    "other",
)


def _state_group(state: str) -> int:
    """Unclaimed first, then owned, then closed."""
    return 0 if state in UNCLAIMED_STATES else 2 if state == "closed" else 1


def order_queue(items: Iterable[QueueItem]) -> list[QueueItem]:
    """Waiting conversations first, then the most urgent, then the longest waiting."""
    return sorted(
        items,
        key=lambda item: (_state_group(item.state), urgency_rank(item.urgency), item.waiting_since),
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
