"""The console's queue page: one statement, its rows as plain tuples.

The page is the first `PAGE_SIZE` conversations in the console's order (waiting first, then
held, then closed when asked; each by urgency, then by how long it waited), read off an index
in that order (`queue_order`: the page reads its own rows, not the queue's), with the columns a
`QueueItem` needs and, for those rows only, the last client message as the preview. Loading
the page as ORM objects (every column, four JSON ones among them) cost more than the query."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Integer, Select, literal_column, select

from peerline_notifications.storage.models import QUEUE_GROUP, QUEUE_URGENCY, Conversation, Message

PAGE_SIZE = 500
"""Rows a queue page lists; the unclaimed beyond it are counted (`QueueListed.unclaimed_total`)."""
CLOSED_GROUP = 2


def urgency_order() -> ColumnElement[int]:
    """The queue's urgency order as a number (emergency 0), in the one spelling the index and
    the page use (`QUEUE_URGENCY`), for a query of the conversations' table alone."""
    return literal_column(QUEUE_URGENCY, Integer)


class QueueRow(NamedTuple):
    id: uuid.UUID
    state: str
    urgency: str
    lang: str
    channel: str
    topics: list[str]
    signals: list[dict[str, Any]]
    waiting_since: datetime
    consultant_id: uuid.UUID | None
    consultant_alias: str | None
    escalation_level: int
    offered_to: list[str]
    sla_breached: bool
    specialist_kind: str | None
    preview: str | None


def page_query(*, include_closed: bool, limit: int = PAGE_SIZE) -> Select[Any]:
    table = Conversation.__table__.c
    group = literal_column(QUEUE_GROUP, Integer)
    rank = urgency_order()
    last_group = CLOSED_GROUP if include_closed else CLOSED_GROUP - 1
    page = (
        select(*(table[name] for name in QueueRow._fields[:-1]), group.label("queue_group"),
               rank.label("queue_rank"))
        .where(group <= last_group)
        .order_by(group, rank, table.waiting_since, table.id)
        .limit(limit)
        .subquery()
    )
    # Correlated with the page, not the table: the preview is looked up for its rows only.
    last_said = (
        select(Message.text)
        .where(Message.conversation_id == page.c.id, Message.author == "client")
        .order_by(Message.at.desc())
        .limit(1)
        .scalar_subquery()
    )
    shown = (page.c[name] for name in QueueRow._fields[:-1])
    return select(*shown, last_said).order_by(page.c.queue_group, page.c.queue_rank, page.c.waiting_since,
                                              page.c.id)
