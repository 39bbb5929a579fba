"""Report queries: counts grouped by period and one dimension, each an indexed range scan.

A row's period is a CASE over the periods' ends (contiguous, ascending), so one query
serves any number of months or weeks on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Integer, Text, case, cast, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from peerline_notifications.audit.models import AuditEntry
from peerline_notifications.storage.models import Conversation
from peerline_shared.events import ReportPeriod

Counts = dict[str, list[int]]
PROFILE_COLUMNS = ("channel", "lang", "urgency", "client_country", "client_region")


@dataclass
class Profile:
    by: dict[str, Counts]
    """Per column of PROFILE_COLUMNS: counts per value ("" for none) and period."""
    flags: Counts
    handled: dict[uuid.UUID, tuple[str, list[int]]] = field(default_factory=dict)
    """Per consultant holding (or last holding) a conversation: alias and counts per period."""


def _bucket(column: Any, periods: Sequence[ReportPeriod], first: int = 0) -> ColumnElement[Any]:
    """The index of the period a row falls in, as a balanced tree of CASEs: about log2(n)
    comparisons a row rather than n/2 (53 weeks cost six, not 26)."""
    if len(periods) == 1:
        return literal(first)
    middle = len(periods) // 2
    return case(
        (column < periods[middle].start, _bucket(column, periods[:middle], first)),
        else_=_bucket(column, periods[middle:], first + middle),
    )


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

    async def count_profile(self) -> Profile:
        """One scan of the period's conversations: counts by channel, language, urgency,
        country, region and consultant, and the flags and message counts as sums. Grouped by
        all of them at once (tens of thousands of combinations in a year at most), then split
        here: one sort of the year's rows instead of one a dimension."""
        column = Conversation.created_at
        bucket = _bucket(column, self.periods).label("bucket")
        keys = [getattr(Conversation, name) for name in PROFILE_COLUMNS]
        flags = {
            "conversations": func.count(),
            "returning": _as_int(Conversation.returning_client),
            "emergencies": _as_int(Conversation.urgency == "emergency"),
            "first_aid_sent": _as_int(Conversation.first_aid_sent),
            "sla_breaches": _as_int(Conversation.sla_breached),
            "after_hours": _as_int(Conversation.after_hours_sent_at.is_not(None)),
            "triage_corrected": _as_int(Conversation.triage_corrected_at.is_not(None)),
            "client_messages": func.sum(Conversation.client_messages),
            "consultant_messages": func.sum(Conversation.consultant_messages),
        }
        query = (
            select(bucket, *keys, *flags.values())
            .where(*_in_range(column, self.periods))
            .group_by(bucket, *keys)
        )
        profile = Profile(
            {name: defaultdict(self._empty) for name in PROFILE_COLUMNS},
            {name: self._empty() for name in flags},
        )
        holder = (Conversation.consultant_id, Conversation.consultant_alias)
        query = query.add_columns(*holder).group_by(*holder)
        for index, *values in (await self.session.execute(query)).all():
            count, (consultant_id, alias) = values[len(keys)], values[-2:]
            for name, key in zip(PROFILE_COLUMNS, values[: len(keys)], strict=True):
                profile.by[name]["" if key is None else str(key)][index] += count
            for name, value in zip(flags, values[len(keys) : -2], strict=True):
                profile.flags[name][index] += int(value or 0)
            if consultant_id is not None:
                profile.handled.setdefault(consultant_id, (alias or "", self._empty()))[1][index] += count
        return profile

    async def count_tags(self) -> tuple[Counts, Counts]:
        """Topics and outcomes (JSON lists): a conversation counts once per tag. Grouped by the
        lists' text (few distinct lists), then split here."""
        column = Conversation.created_at
        bucket = _bucket(column, self.periods).label("bucket")
        topics, outcomes = cast(Conversation.topics, Text), cast(Conversation.outcomes, Text)
        query = (
            select(bucket, topics, outcomes, func.count())
            .where(*_in_range(column, self.periods))
            .group_by(bucket, topics, outcomes)
        )
        by_topic: Counts = defaultdict(self._empty)
        by_outcome: Counts = defaultdict(self._empty)
        for index, topic_list, outcome_list, count in (await self.session.execute(query)).all():
            for counts, text in ((by_topic, topic_list), (by_outcome, outcome_list)):
                for tag in set(json.loads(text) if text else []):
                    counts[str(tag)][index] += count
        return dict(by_topic), dict(by_outcome)

    async def count_specialist_referrals(self, action: str) -> Counts:
        """Referrals to a kind of specialist, by the kind the audit record names."""
        kind = AuditEntry.after["specialist_kind"].as_string()
        return await self._grouped(kind, AuditEntry.at, AuditEntry.action == action)

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
