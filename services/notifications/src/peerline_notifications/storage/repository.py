"""Queries on conversations and messages; nobody else writes this SQL."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TypeVar

from sqlalchemy import ColumnElement, bindparam, delete, func, insert, inspect, or_, select, update
from sqlalchemy.dialects.postgresql import Insert as PostgresInsert
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import Insert as SqliteInsert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from peerline_notifications.db import Core, ProcessedEvent, dialect_of
from peerline_notifications.domain.sla import Watch
from peerline_notifications.domain.states import OPEN, OWNED, UNCLAIMED
from peerline_notifications.storage.models import Conversation, Message
from peerline_notifications.storage.queue_page import QueueRow, page_query, urgency_order
from peerline_shared.events.vocabulary import urgency_rank

OPEN_STATES = tuple(sorted(OPEN))
CLAIMABLE_STATES = tuple(sorted(UNCLAIMED))
OWNED_STATES = tuple(sorted(OWNED))
# Waiting for a specialist is not the peers' queue: no escalation, no queue notice.
_PEERS_WATCH = or_(Conversation.specialist_kind.is_(None), Conversation.state.in_(OWNED_STATES))
_MESSAGE_COLUMNS = tuple(inspect(Message).column_attrs)
_MESSAGES = Message.__table__
_INBOX = ProcessedEvent.__table__
T = TypeVar("T")
_INSERT_MESSAGES = insert(_MESSAGES)  # built once: its cache key is computed once
_URGENCY_SORT = urgency_order()


class ConversationRepository:
    def __init__(self, session: AsyncSession, core: Core | None = None) -> None:
        self.session = session
        self.core: Core = core if core is not None else session
        self._held: dict[uuid.UUID, Conversation] = {}
        self._messages: list[dict[str, object]] = []

    async def get(self, conversation_id: uuid.UUID) -> Conversation | None:
        return await self.session.get(Conversation, conversation_id)

    async def list_by_ids(self, conversation_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Conversation]:
        """One query for many; later `get`s of these ids in this session need no query (the
        repository holds them: the session's identity map alone would let them go)."""
        query = select(Conversation).where(Conversation.id.in_(list(conversation_ids)))
        rows = (await self.session.execute(query)).scalars()
        found = {conversation.id: conversation for conversation in rows}
        self._held.update(found)
        return found

    async def list_for_client(self, client_id: str) -> Sequence[Conversation]:
        query = select(Conversation).where(Conversation.client_id == client_id)
        return (await self.session.execute(query)).scalars().all()

    async def list_queue(self, *, include_closed: bool = False) -> list[QueueRow]:
        """The queue's page with each conversation's last client message: one statement."""
        statement = page_query(include_closed=include_closed)
        return [QueueRow._make(row) for row in await self.session.execute(statement)]

    async def count_open_by_state(self) -> dict[str, int]:
        """Open conversations per state (the state index alone)."""
        query = (
            select(Conversation.state, func.count())
            .where(Conversation.state.in_(OPEN_STATES))
            .group_by(Conversation.state)
        )
        return {state: int(count) for state, count in await self.session.execute(query)}

    async def count_owned_by_consultant(self) -> dict[str, int]:
        """Open conversations per consultant, by alias (by id for a consultant without one)."""
        query = (
            select(Conversation.consultant_alias, Conversation.consultant_id, func.count())
            .where(Conversation.state.in_(OWNED_STATES))
            .group_by(Conversation.consultant_alias, Conversation.consultant_id)
        )
        counts: Counter[str] = Counter()
        for alias, consultant_id, count in await self.session.execute(query):
            counts[alias or str(consultant_id)] += int(count)
        return dict(counts)

    async def list_open_watches(self) -> list[Watch]:
        """What the SLA loop reads of every open conversation, as plain columns: loading the
        ORM rows (JSON topics, signals, offers) blocked the event loop for about 30 ms per
        300 open conversations, every tick."""
        return await self._watches(Conversation.state.in_(OPEN_STATES))

    async def list_unscheduled_watches(self, *, limit: int | None = None) -> list[Watch]:
        """Open conversations changed since the SLA loop last scheduled them."""
        return await self._watches(Conversation.state.in_(OPEN_STATES), Conversation.due_at.is_(None),
                                   limit=limit)

    async def any_unscheduled(self) -> bool:
        """Whether an open conversation changed since the SLA loop last scheduled it (one index
        entry read at most)."""
        query = select(Conversation.id).where(
            Conversation.state.in_(OPEN_STATES), Conversation.due_at.is_(None)
        )
        return (await self.session.execute(query.limit(1))).first() is not None

    async def park_unwatched(self, never: datetime) -> None:
        """Open conversations the SLA loop does not watch (a specialist's queue) get `never` as
        their next moment: the loop then reads them again only when they change."""
        await self.session.execute(
            update(Conversation)
            .where(Conversation.state.in_(OPEN_STATES), Conversation.due_at.is_(None), ~_PEERS_WATCH)
            .values(due_at=never)
            .execution_options(synchronize_session=False)
        )

    async def list_due_watches(self, now: datetime) -> list[Watch]:
        """Open conversations whose next SLA moment has come (indexed: flat in the queue's size)."""
        return await self._watches(Conversation.state.in_(OPEN_STATES), Conversation.due_at <= now)

    async def schedule(self, due: Sequence[tuple[uuid.UUID, datetime]]) -> None:
        """Write each conversation's next SLA moment: one UPDATE, executemany."""
        if not due:
            return
        table = Conversation.__table__
        by_id = table.c.id == bindparam("conversation")
        statement = update(table).where(by_id).values(due_at=bindparam("due"))
        await self.session.execute(statement, [{"conversation": c, "due": at} for c, at in due])

    async def unschedule_open(self) -> None:
        """Every open conversation to be scheduled afresh (a new leader, maybe new settings)."""
        await self.session.execute(
            update(Conversation).where(Conversation.state.in_(OPEN_STATES)).values(due_at=None)
            .execution_options(synchronize_session=False)
        )

    async def _watches(self, *conditions: ColumnElement[bool], limit: int | None = None) -> list[Watch]:
        query = select(
            Conversation.id,
            Conversation.state,
            Conversation.urgency,
            Conversation.waiting_since,
            Conversation.escalation_level,
            Conversation.last_offered_at,
            Conversation.route_attempted_at,
            Conversation.queue_notice_sent_at,
            Conversation.reply_due_since,
            Conversation.sla_breached,
        ).where(*conditions, _PEERS_WATCH).limit(limit)
        return [
            Watch(
                conversation_id=row.id,
                state=row.state,
                urgency=row.urgency,
                waiting_since=row.waiting_since,
                escalation_level=row.escalation_level,
                last_offered_at=row.last_offered_at,
                route_attempted_at=row.route_attempted_at,
                queue_notice_sent=row.queue_notice_sent_at is not None,
                reply_due_since=row.reply_due_since,
                sla_breached=bool(row.sla_breached),
            )
            for row in await self.session.execute(query)
        ]

    async def unclaimed_figures(self) -> list[tuple[str, int, datetime]]:
        """Per urgency: unclaimed count and oldest waiting (one aggregate query that a covering
        index answers: the SLA loop's gauges, every tick)."""
        query = (
            select(Conversation.urgency, func.count(), func.min(Conversation.waiting_since))
            # `_PEERS_WATCH` for unclaimed rows, in the terms of the index (`queue_gauges`).
            .where(Conversation.state.in_(CLAIMABLE_STATES), Conversation.specialist_kind.is_(None))
            .group_by(Conversation.urgency)
        )
        return [(row[0], int(row[1]), row[2]) for row in await self.session.execute(query)]

    async def count_ahead(self, conversation: Conversation) -> int:
        """How many unclaimed conversations come before this one in the queue (by urgency,
        then by how long they waited): its place is this plus one."""
        rank = urgency_rank(conversation.urgency)  # type: ignore[arg-type]
        ahead = (rank > _URGENCY_SORT) | ((rank == _URGENCY_SORT) & (Conversation.waiting_since
                                                                    < conversation.waiting_since))
        query = select(func.count()).select_from(Conversation).where(
            Conversation.state.in_(CLAIMABLE_STATES), Conversation.id != conversation.id, ahead
        )
        return int((await self.session.execute(query)).scalar_one())

    async def count_active(self, consultant_id: uuid.UUID) -> int:
        query = (
            select(func.count())
            .select_from(Conversation)
            .where(Conversation.consultant_id == consultant_id, Conversation.state.in_(OWNED_STATES))
        )
        return int((await self.session.execute(query)).scalar_one())

    async def claim(
        self, conversation_id: uuid.UUID, consultant_id: uuid.UUID, alias: str, at: datetime
    ) -> bool:
        """Atomic: exactly one of many concurrent claims changes the row."""
        statement = (
            update(Conversation)
            .where(Conversation.id == conversation_id, Conversation.state.in_(CLAIMABLE_STATES))
            .values(
                state="active",
                consultant_id=consultant_id,
                consultant_alias=alias,
                updated_at=at,
                reply_due_since=at,
                version=Conversation.version + 1,
                due_at=None,  # the SLA loop schedules it again (inactivity from now)
            )
            .execution_options(synchronize_session=False)
        )
        result = await self.session.execute(statement)
        return bool(getattr(result, "rowcount", 0) == 1)

    def add_message(self, message: Message) -> None:
        """Kept until `write_messages`: one INSERT for a transaction's messages."""
        self._messages.append({column.key: getattr(message, column.key) for column in _MESSAGE_COLUMNS})

    def add_client_message(self, message_id: uuid.UUID, conversation_id: uuid.UUID, text: str | None,
                           at: datetime) -> None:
        """A client's message, as plain values (no ORM object on the triaged path)."""
        self._messages.append({"id": message_id, "conversation_id": conversation_id, "author": "client",
                               "author_alias": None, "text": text, "at": at, "not_delivered": None})

    async def write_messages(self) -> None:
        if not self._messages:
            return
        rows, self._messages = self._messages, []
        # On the table, not the class: Core's executemany, without the ORM's bulk-insert layer.
        await self.core.execute(_INSERT_MESSAGES, rows)

    async def get_message(self, message_id: uuid.UUID) -> Message | None:
        return await self.session.get(Message, message_id)

    async def list_messages(self, conversation_id: uuid.UUID) -> Sequence[Message]:
        await self.write_messages()
        query = select(Message).where(Message.conversation_id == conversation_id)
        return (await self.session.execute(query.order_by(Message.at))).scalars().all()

    async def last_client_message(self, conversation_id: uuid.UUID) -> Message | None:
        await self.write_messages()
        query = (
            select(Message)
            .where(Message.conversation_id == conversation_id, Message.author == "client")
            .order_by(Message.at.desc())
            .limit(1)
        )
        return (await self.session.execute(query)).scalar_one_or_none()

    async def delete_messages(self, conversation_ids: Sequence[uuid.UUID]) -> int:
        """Messages and notes of these conversations (erasure)."""
        await self.write_messages()
        result = await self.session.execute(
            delete(Message)
            .where(Message.conversation_id.in_(conversation_ids))
            .execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def purge_text_before(self, cutoff: datetime) -> int:
        """Retention: forget message text older than `cutoff`; the row (who, when) stays."""
        await self.write_messages()
        result = await self.session.execute(
            update(Message)
            .where(Message.at < cutoff, Message.text.is_not(None))
            .values(text=None)
            .execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0) or 0)


class InboxRepository:
    """Which events a consumer has already applied (same transaction as the effect)."""

    def __init__(self, core: Core) -> None:
        self.core = core

    async def record_new(self, consumer: str, event_ids: Sequence[uuid.UUID], at: datetime) -> set[uuid.UUID]:
        """Record the events this consumer has not applied yet, and return them: one statement
        (insert, skipping what is there) instead of a query and then an insert per event."""
        given = {str(event_id): event_id for event_id in event_ids}  # the ids as stored: text
        rows = [{"consumer": consumer, "event_id": key, "processed_at": at} for key in given]
        if not rows:
            return set()
        # Rows as parameters, not `.values(rows)`: one cached statement for every batch size.
        statement = _RECORD_NEW[dialect_of(self.core)]
        inserted = await self.core.execute(statement, rows)
        return {given[key] for key in inserted.scalars()}  # the caller's ids, not parsed again


def per_dialect(build: Callable[[Callable[..., SqliteInsert | PostgresInsert]], T]) -> dict[str, T]:
    """An INSERT … ON CONFLICT statement for each dialect (SQLite and PostgreSQL both know it),
    built once at import: SQLAlchemy computes a statement's cache key once per object."""
    return {"postgresql": build(postgres_insert), "sqlite": build(sqlite_insert)}


_RECORD_NEW = per_dialect(
    lambda insert_: insert_(_INBOX).on_conflict_do_nothing().returning(_INBOX.c.event_id)
)
