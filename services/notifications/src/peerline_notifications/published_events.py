"""The events notifications publishes about a conversation, built from its row.

Each function returns a `Publication` (event, subject) for the unit of work's outbox; none
carries the client id or text: consoles receive these as they are."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from peerline_notifications.storage.rows import AnyConversation
from peerline_shared.events import ConsultantNotified, ConversationEvent, EventBase, derived_id
from peerline_shared.events import subjects as subj

Publication = tuple[EventBase, str]


def conversation_event(
    kind: type[ConversationEvent],
    conversation: AnyConversation,
    cause: EventBase | None = None,
    **extra: object,
) -> Publication:
    """A conversation fact of `kind`, on `helpline.conversation.<name>`."""
    ids: dict[str, object] = {}
    if cause is not None:  # a redelivered cause yields the same fact id (JetStream drops it)
        ids = {
            "trace_id": cause.trace_id,
            "event_id": derived_id(cause.event_id, kind.__name__, str(conversation.id)),
        }
    event = kind(
        conversation_id=conversation.id,
        state=conversation.state,  # type: ignore[arg-type]
        urgency=conversation.urgency,  # type: ignore[arg-type]
        lang=conversation.lang,  # type: ignore[arg-type]
        channel=conversation.channel,  # type: ignore[arg-type]
        topics=tuple(conversation.topics),  # type: ignore[arg-type]
        consultant_id=conversation.consultant_id,
        consultant_alias=conversation.consultant_alias,
        **ids,
        **extra,
    )
    return event, subj.conversation(event.type.split(".", 1)[1])


def consultant_notice(
    kind: str,
    consultant_ids: Iterable[uuid.UUID],
    conversation: AnyConversation,
    *,
    summary: str = "",
    repeat: int = 0,
    trace_id: str | None = None,
) -> Publication:
    """An immediate consultant notice: ids, kind, urgency, topics, language and since when it
    waits (a Telegram DM shows them); no client data."""
    extra = {"trace_id": trace_id} if trace_id else {}
    event = ConsultantNotified(
        consultant_ids=tuple(consultant_ids),
        kind=kind,  # type: ignore[arg-type]
        conversation_id=conversation.id,
        urgency=conversation.urgency,  # type: ignore[arg-type]
        summary=summary,
        repeat=repeat,
        topics=tuple(conversation.topics),  # type: ignore[arg-type]
        lang=conversation.lang,  # type: ignore[arg-type]
        waiting_since=conversation.waiting_since,
        **extra,
    )
    return event, subj.CONSULTANT_NOTIFIED
