"""Report queries: counts grouped by period and one dimension, each an indexed range scan.

A row's period is a CASE over the periods' ends (contiguous, ascending), so one query
serves any number of months or weeks on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Integer, Text, case, cast, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from peerline_notifications.audit.models import AuditEntry
from peerline_notifications.storage.models import Conversation, Message
from peerline_shared.events import ReportPeriod

Counts = dict[str, list[int]]


def _bucket(column: Any, periods: Sequence[ReportPeriod]) -> ColumnElement[Any]:
    return case(*((column < period.end, index) for index, period in enumerate(periods)))


def _in_range(column: Any, periods: Sequence[ReportPeriod]) -> list[ColumnElement[bool]]:
    return [column >= periods[0].start, column < periods[-1].end]


def _as_int(flag: Any) -> ColumnElement[Any]:
    return func.sum(case((flag, 1), else_=0))


class ReportRepository:
    def __init__(self, session: AsyncSession, periods: Sequence[ReportPeriod]) -> None:
        self.session = session
        self.periods = periods

    def _empty(self) -> list[int]:
        return [0] * len(self.periods)

    async def _grouped(self, key: Any, column: Any, *where: ColumnElement[bool]) -> Counts:
        bucket = _bucket(column, self.periods).label("bucket")
        query = (
            select(bucket, key, func.count())
            .where(*_in_range(column, self.periods), *where)
            .group_by(bucket, key)
        )
        counts: Counts = defaultdict(self._empty)
        for index, value, count in (await self.session.execute(query)).all():
            counts["" if value is None else str(value)][index] += count
        return dict(counts)

    async def count_conversations_by(self, column: Any) -> Counts:
        """Conversations opened in each period, by one of their columns ("" for none)."""
        return await self._grouped(column, Conversation.created_at)

    async def count_conversations_by_tag(self, column: Any) -> Counts:
        """By a JSON list column (topics, outcomes): a conversation counts once per tag. Grouped
        by the list's text first (few distinct lists), then split here."""
        by_list = await self._grouped(cast(column, Text), Conversation.created_at)
        counts: Counts = defaultdict(self._empty)
        for text, values in by_list.items():
            for tag in set(json.loads(text) if text else []):
                counts[str(tag)] = [a + b for a, b in zip(counts[str(tag)], values, strict=True)]
        return dict(counts)

    async def count_flags(self) -> Counts:
        """Per period: conversations, returning clients, emergencies, first aid, SLA breaches,
        after-hours contacts, corrected triage. One scan for all of them."""
        column = Conversation.created_at
        bucket = _bucket(column, self.periods).label("bucket")
        flags = {
            "conversations": func.count(),
            "returning": _as_int(Conversation.returning_client),
            "emergencies": _as_int(Conversation.urgency == "emergency"),
            "first_aid_sent": _as_int(Conversation.first_aid_sent),
            "sla_breaches": _as_int(Conversation.sla_breached),
            "after_hours": _as_int(Conversation.after_hours_sent_at.is_not(None)),
            "triage_corrected": _as_int(Conversation.triage_corrected_at.is_not(None)),
        }
        query = select(bucket, *flags.values()).where(*_in_range(column, self.periods)).group_by(bucket)
        counts: Counts = {name: self._empty() for name in flags}
        for index, *values in (await self.session.execute(query)).all():
            for name, value in zip(flags, values, strict=True):
                counts[name][index] = int(value or 0)
        return counts

    async def count_messages_by_author(self) -> Counts:
        return await self._grouped(Message.author, Message.at, Message.author.in_(("client", "consultant")))

    async def count_actions(self, actions: Sequence[str]) -> Counts:
        return await self._grouped(AuditEntry.action, AuditEntry.at, AuditEntry.action.in_(actions))

    async def reply_histograms(self) -> list[dict[int, int]]:
        """Per period: how many conversations got a first reply after each number of seconds."""
        query_counts = await self._grouped(
            cast(Conversation.first_reply_s, Integer),
            Conversation.created_at,
            Conversation.first_reply_s.is_not(None),
        )
        histograms: list[dict[int, int]] = [{} for _ in self.periods]
        for seconds, values in query_counts.items():
            for index, count in enumerate(values):
                if count:
                    histograms[index][int(seconds)] = count
        return histograms

    async def count_handled(self) -> dict[uuid.UUID, tuple[str, list[int]]]:
        """Per consultant holding (or last holding) a conversation opened in the period."""
        column = Conversation.created_at
        bucket = _bucket(column, self.periods).label("bucket")
        query = (
            select(bucket, Conversation.consultant_id, func.max(Conversation.consultant_alias), func.count())
            .where(*_in_range(column, self.periods), Conversation.consultant_id.is_not(None))
            .group_by(bucket, Conversation.consultant_id)
        )
        handled: dict[uuid.UUID, tuple[str, list[int]]] = {}
        for index, consultant_id, alias, count in (await self.session.execute(query)).all():
            entry = handled.setdefault(consultant_id, (alias or "", self._empty()))
            entry[1][index] += count
        return handled
