"""Conversations and their messages (text kept only here, purged by retention)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, event, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from peerline_notifications.db import Base

OPEN_ROW = text("state <> 'closed'")
"""The rows of open conversations (any state but closed), for partial indexes."""
QUEUE_GROUP = "CASE WHEN state IN ('offered', 'queued') THEN 0 WHEN state = 'closed' THEN 2 ELSE 1 END"
"""The console's groups: waiting, then held, then closed (`console.domain.order_queue`)."""
QUEUE_URGENCY = ("CASE urgency WHEN 'emergency' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 "
                 "WHEN 'low' THEN 3 ELSE 4 END")
"""`urgency_rank` in SQL (a test holds them together). Both are SQL text, not expressions with
parameters: a query uses an index on an expression only when it spells the same expression."""


class Conversation(Base):
    __tablename__ = "notifications_conversation"
    __table_args__ = (
        # One open conversation per client, whichever replica handles its first message:
        # the second INSERT conflicts and reuses the first (`ConversationRepository.open`).
        Index("uq_notifications_conversation_open_client", "client_id", unique=True,
              sqlite_where=OPEN_ROW, postgresql_where=OPEN_ROW),
        # The SLA loop reads `state IN (open) AND due_at <= now` (or not yet scheduled).
        Index("ix_notifications_conversation_state_due", "state", "due_at"),
        # The queue gauges (depth and oldest per urgency of the peers' queue: no specialist
        # kind) from the index alone, every tick.
        # The console's queue page in its order: the first page reads its rows off the index.
        Index("ix_notifications_conversation_queue_order",
              text(f"({QUEUE_GROUP})"), text(f"({QUEUE_URGENCY})"), "waiting_since", "id"),
        Index("ix_notifications_conversation_queue_gauges", "state", "specialist_kind", "urgency",
              "waiting_since"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    client_id: Mapped[str | None] = mapped_column(String(128), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    lang: Mapped[str] = mapped_column(String(2))
    state: Mapped[str] = mapped_column(String(16), index=True)
    urgency: Mapped[str] = mapped_column(String(16))
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    signals: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    consultant_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    consultant_alias: Mapped[str | None] = mapped_column(String(64))
    outcomes: Mapped[list[str]] = mapped_column(JSON, default=list)
    version: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(index=True)
    opened_on: Mapped[date] = mapped_column(index=True)
    """The day it opened in the organisation's time zone (`report_time_zone` when it opened):
    reports group by it and add days up to weeks and months, instead of working out each
    row's period from `created_at` (see `reports/repository.py`)."""
    waiting_since: Mapped[datetime]
    updated_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]
    # Routing and SLA bookkeeping (see domain/sla.py).
    escalation_level: Mapped[int] = mapped_column(default=0)
    offered_to: Mapped[list[str]] = mapped_column(JSON, default=list)
    last_offered_at: Mapped[datetime | None]
    route_attempted_at: Mapped[datetime | None]
    queue_notice_sent_at: Mapped[datetime | None]
    after_hours_sent_at: Mapped[datetime | None]
    reply_due_since: Mapped[datetime | None]
    sla_breached: Mapped[bool] = mapped_column(default=False)
    triage_corrected_at: Mapped[datetime | None]
    """Set when a consultant corrected its labels (see `service._raise_urgency`)."""
    # Where the client said they are (the latest they gave), for routing and reports; never
    # with an identity (client_id is a pseudonym).
    client_country: Mapped[str | None] = mapped_column(String(2), index=True)
    client_region: Mapped[str | None] = mapped_column(String(6))
    # Kept as they happen so that reports count with indexed queries rather than replaying
    # messages (see reports/): the client had an earlier conversation when this one opened;
    # triage sent first aid in it; seconds from opening to the first consultant reply; how
    # many messages the client and consultants wrote in it.
    returning_client: Mapped[bool] = mapped_column(default=False)
    first_aid_sent: Mapped[bool] = mapped_column(default=False)
    first_reply_s: Mapped[int | None]
    client_messages: Mapped[int] = mapped_column(default=0)
    consultant_messages: Mapped[int] = mapped_column(default=0)
    # Referred to a kind of specialist (domain/specialists.py): it waits in that kind's queue
    # until a specialist of that kind claims it.
    specialist_kind: Mapped[str | None] = mapped_column(String(32), index=True)
    referred_at: Mapped[datetime | None]
    due_at: Mapped[datetime | None]
    """When the SLA loop must next look at it (`domain.sla.next_due`); None: changed since the
    loop last scheduled it. Any change to the row resets it (`_reschedule_on_change`)."""


@event.listens_for(Session, "before_flush")
def _reschedule_on_change(session: Session, _context: object, _instances: object) -> None:
    """A conversation changed through the ORM is due for rescheduling: the SLA loop computes
    its next moment from the new facts (statements that bypass the ORM reset it themselves)."""
    for instance in session.dirty:
        if isinstance(instance, Conversation) and session.is_modified(instance):
            instance.due_at = None


class Message(Base):
    __tablename__ = "notifications_message"
    __table_args__ = (
        Index("ix_notifications_message_conversation_at", "conversation_id", "at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    conversation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("notifications_conversation.id", ondelete="CASCADE")
    )
    author: Mapped[str] = mapped_column(String(16))
    author_alias: Mapped[str | None] = mapped_column(String(64))
    text: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime]
    not_delivered: Mapped[str | None] = mapped_column(String(200), default=None)
    """The channel's reason when a reply never reached the client (`bot_blocked`…)."""
