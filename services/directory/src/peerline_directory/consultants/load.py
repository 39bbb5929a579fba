"""Each consultant's load, kept current from conversation lifecycle events.

One durable consumer per subject; each event is applied once (the inbox records its id in the
same transaction) and only if it is newer than the last event applied to that conversation.
After the commit the Redis mirror is rewritten from the tables, so a crash between the two
heals on redelivery.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from peerline_directory.consultants.repository import LoadRepository
from peerline_directory.domain.load import holder_after, is_newer
from peerline_shared.events import (
    ConversationClaimed,
    ConversationClosed,
    ConversationEvent,
    ConversationRequeued,
    ConversationTransferred,
)

FOLLOWED: dict[str, type[ConversationEvent]] = {
    "claimed": ConversationClaimed,
    "transferred": ConversationTransferred,
    "requeued": ConversationRequeued,
    "closed": ConversationClosed,
}


def consumer_name(event_name: str) -> str:
    return f"directory-load-{event_name}"


_NAME_OF: dict[type[ConversationEvent], str] = {model: name for name, model in FOLLOWED.items()}


def consumer_of(event: ConversationEvent) -> str:
    """The durable consumer that delivers this kind of event (its inbox records the ids)."""
    return consumer_name(_NAME_OF[type(event)])


async def apply_conversation_event(session: AsyncSession, event: ConversationEvent,
                                   consumer: str, now: datetime) -> bool:
    """Record who holds the conversation now; False if the event changed nothing."""
    repo = LoadRepository(session)
    if await repo.already_processed(consumer, event.event_id):
        return False
    await repo.mark_processed(consumer, event.event_id, now)
    current = await repo.get_open(event.conversation_id)
    if current is not None and not is_newer(event.occurred_at, current.last_event_at):
        return False
    holder = holder_after(event.type, event.consultant_id)
    await repo.set_holder(event.conversation_id, holder, event.occurred_at)
    if holder is not None and (current is None or current.consultant_id != holder):
        await repo.touch_activity(holder, event.occurred_at)
    return True
