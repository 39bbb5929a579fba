"""Who holds a conversation after a lifecycle event (the basis of each consultant's load)."""

from __future__ import annotations

import uuid
from datetime import datetime

TAKES_HOLDER = frozenset({"conversation.claimed", "conversation.transferred"})
RELEASES_HOLDER = frozenset({"conversation.requeued", "conversation.closed"})


def holder_after(event_type: str, consultant_id: uuid.UUID | None) -> uuid.UUID | None:
    """Claimed / transferred: the named consultant holds it; requeued / closed: nobody."""
    if event_type in TAKES_HOLDER:
        return consultant_id
    if event_type in RELEASES_HOLDER:
        return None
    raise ValueError(f"not a holder-changing event: {event_type}")


def is_newer(event_at: datetime, last_applied_at: datetime | None) -> bool:
    """Apply an event only if it is not older than the last one applied to that conversation:
    consumers per subject may see a close before a retried claim."""
    return last_applied_at is None or event_at >= last_applied_at
