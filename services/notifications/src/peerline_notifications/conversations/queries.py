"""Read models for the console: the queue, one conversation, supervisor stats and audit."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from peerline_notifications.audit.repository import AuditRepository
from peerline_notifications.audit.verify import verify_since_checkpoint
from peerline_notifications.domain import states
from peerline_notifications.domain.sla import queue_figures, queue_positions
from peerline_notifications.storage.models import Conversation, Message
from peerline_notifications.storage.queue_page import QueueRow
from peerline_notifications.storage.repository import ConversationRepository
from peerline_notifications.storage.rows import signals_of
from peerline_shared.audit_chain import ChainPoint
from peerline_shared.events import (
    AuditEntryView,
    AuditPage,
    ConversationShown,
    GetConversation,
    MessageView,
    QueryAudit,
    QueueItem,
    QueueListed,
    QueueStats,
)

PREVIEW_CHARS = 160
MAX_PROBLEMS_SHOWN = 20


def queue_item(
    conversation: Conversation | QueueRow, preview: str = "", position: int | None = None
) -> QueueItem:
    return QueueItem(
        conversation_id=conversation.id,
        state=conversation.state,  # type: ignore[arg-type]
        urgency=conversation.urgency,  # type: ignore[arg-type]
        lang=conversation.lang,  # type: ignore[arg-type]
        channel=conversation.channel,  # type: ignore[arg-type]
        topics=tuple(conversation.topics),  # type: ignore[arg-type]
        signals=signals_of(conversation),
        waiting_since=conversation.waiting_since,
        consultant_id=conversation.consultant_id,
        consultant_alias=conversation.consultant_alias,
        preview=preview[:PREVIEW_CHARS],
        escalation_level=conversation.escalation_level,
        offered_to=tuple(uuid.UUID(i) for i in conversation.offered_to),
        sla_breached=conversation.sla_breached,
        position=position,
        specialist_kind=conversation.specialist_kind,
    )


def _positions(conversations: list[QueueRow]) -> dict[uuid.UUID, int]:
    return queue_positions(
        (c.id, c.urgency, c.waiting_since) for c in conversations if c.state in states.UNCLAIMED
    )


async def list_queue(
    conversations: ConversationRepository,
    include_closed: bool,
    visible: Callable[[QueueRow], bool] = lambda _: True,
) -> QueueListed:
    """The queue's first page (`PAGE_SIZE` rows, waiting first) and how many are open in each
    state; a conversation the reader may not see (`visible`) keeps its place but not its
    preview, marked `restricted` (need-to-know, `domain.visibility`)."""
    rows = await conversations.list_queue(include_closed=include_closed)
    positions = _positions(rows)
    items = []
    for row in rows:
        position = positions.get(row.id)
        if not visible(row):
            items.append(queue_item(row, position=position).model_copy(update={"restricted": True}))
            continue
        items.append(queue_item(row, row.preview or "", position))
    return QueueListed(items=tuple(items), open_by_state=await conversations.count_open_by_state())


def _view(message: Message) -> MessageView:
    return MessageView(
        message_id=message.id,
        author=message.author,  # type: ignore[arg-type]
        author_alias=message.author_alias,
        text=message.text or "",
        at=message.at,
        not_delivered=message.not_delivered,
    )


async def show(conversations: ConversationRepository, query: GetConversation) -> ConversationShown:
    conversation = await conversations.get(query.conversation_id)
    if conversation is None:
        return ConversationShown(found=False)
    messages = await conversations.list_messages(conversation.id)
    return ConversationShown(
        found=True, item=queue_item(conversation), messages=tuple(_view(message) for message in messages)
    )


async def queue_stats(conversations: ConversationRepository, now: datetime) -> QueueStats:
    watches = await conversations.list_open_watches()
    figures = queue_figures((watch for watch in watches if watch.state in states.UNCLAIMED), now)
    return QueueStats(
        depth_by_urgency=figures.depth_by_urgency,
        oldest_waiting_seconds=figures.oldest_waiting_seconds,
        sla_breaches_open=figures.sla_breaches,
        active_by_consultant=await conversations.count_owned_by_consultant(),
    )


async def audit_page(session: AsyncSession, query: QueryAudit) -> tuple[AuditPage, ChainPoint | None]:
    """The page, and the chain's new verified checkpoint (the caller saves it)."""
    if query.actor.role not in ("supervisor", "admin"):
        return AuditPage(chain_ok=False, error="forbidden"), None
    entries = await AuditRepository(session).list_filtered(
        actor_id=query.consultant_id,
        conversation_id=query.conversation_id,
        action=query.action,
        since=query.since,
        until=query.until,
        limit=query.limit,
    )
    problems, verified = await verify_since_checkpoint(session)
    views = tuple(
        AuditEntryView(
            sequence=e.sequence,
            actor_id=e.actor_id,
            actor_alias=e.actor_alias,
            action=e.action,
            conversation_id=e.conversation_id,
            at=e.at,
            before=e.before,
            after=e.after,
            record_hash=e.record_hash,
        )
        for e in entries
    )
    page = AuditPage(
        entries=views, chain_ok=not problems, problems=tuple(str(p) for p in problems[:MAX_PROBLEMS_SHOWN])
    )
    return page, verified
