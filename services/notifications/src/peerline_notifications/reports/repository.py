"""Report queries: counts grouped by period and a few columns, each an indexed range scan.

Conversations keep the local day they opened on (`opened_on`, indexed): a row's period is a
CASE comparing that day with the periods' first days (contiguous, ascending), so one query
serves any number of months or weeks on SQLite and PostgreSQL alike, and no row's timestamp is
turned into a local time. The audit log's few rows (transfers, referrals) compare `at` with
the periods' first moments in UTC instead.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Float, Select, Text, case, cast, func, literal, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from peerline_notifications.audit.models import AuditEntry
from peerline_notifications.domain.reports import P90, ReplyRanks, first_days
from peerline_notifications.storage.models import Conversation
from peerline_shared.events import ReportPeriod

Counts = dict[str, list[int]]
PROFILE_COLUMNS = ("channel", "lang", "urgency", "client_country", "client_region")
REPORT_WORK_MEM = "32MB"
"""PostgreSQL's memory for each grouping and sort of a report (`SET LOCAL`: its transaction
only). A year by week hashes 11,000 profile groups (6 MB) and sorts 91,000 histogram rows."""


@dataclass
class Profile:
    by: dict[str, Counts]
    """Per column of PROFILE_COLUMNS: counts per value ("" for none) and period."""
    flags: Counts
    handled: dict[uuid.UUID, tuple[str, list[int]]] = field(default_factory=dict)
    """Per consultant holding (or last holding) a conversation: alias and counts per period."""


def _bucket(column: Any, starts: Sequence[Any], first: int = 0) -> ColumnElement[Any]:
    """The index of the period a row falls in (`starts`: each period's first value, ascending),
    as a balanced tree of CASEs: about log2(n) comparisons a row rather than n/2 (53 weeks cost
    six, not 26)."""
    if len(starts) == 1:
        return literal(first)
    middle = len(starts) // 2
    return case(
        (column < starts[middle], _bucket(column, starts[:middle], first)),
        else_=_bucket(column, starts[middle:], first + middle),
    )


def _as_int(flag: Any) -> ColumnElement[Any]:
    return func.sum(case((flag, 1), else_=0))


def _key(value: object) -> str:
    return "" if value is None else str(value)


FLAGS: dict[str, Any] = {
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
"""What one scan of the conversations sums per group ("conversations" first: the count)."""


class ReportRepository:
    def __init__(self, session: AsyncSession, periods: Sequence[ReportPeriod], zone: ZoneInfo) -> None:
        self.session = session
        self.periods = periods
        self._days = first_days(periods, zone)
        """Each period's first local day, then the day after the report."""

    def _empty(self) -> list[int]:
        return [0] * len(self.periods)

    async def give_memory(self) -> None:
        """PostgreSQL: room for this transaction's groupings (`REPORT_WORK_MEM`); with the default
        4 MB a year by week was sorted on disk instead of hashed in memory. SQLite: nothing."""
        if self.session.get_bind().dialect.name == "postgresql":
            await self.session.execute(text(f"SET LOCAL work_mem = '{REPORT_WORK_MEM}'"))

    def _by_period_query(
        self, keys: Sequence[Any], sums: Sequence[Any], *where: ColumnElement[bool]
    ) -> Select[Any]:
        """`keys` and `sums` per period ("bucket") and combination of `keys`: a range of the
        indexed local day `opened_on`, its period from comparing days."""
        day = Conversation.opened_on
        bucket = _bucket(day, self._days[:-1]).label("bucket")
        return (
            select(bucket, *keys, *sums)
            .where(day >= self._days[0], day < self._days[-1], *where)
            .group_by(bucket, *keys)
        )

    async def _by_period(
        self, keys: Sequence[Any], sums: Sequence[Any], *where: ColumnElement[bool]
    ) -> list[tuple[int, list[Any]]]:
        """(period, keys' values then sums) per period and combination of `keys`."""
        query = self._by_period_query(keys, sums, *where)
        return [(row[0], list(row[1:])) for row in (await self.session.execute(query)).all()]

    async def _audited(self, key: Any, *where: ColumnElement[bool]) -> Counts:
        """Audit records by period and `key` (few rows, found by the index on `action, at`)."""
        at = AuditEntry.at
        bucket = _bucket(at, [period.start for period in self.periods]).label("bucket")
        query = (
            select(bucket, key, func.count())
            .where(at >= self.periods[0].start, at < self.periods[-1].end, *where)
            .group_by(bucket, key)
        )
        counts: Counts = defaultdict(self._empty)
        for index, value, count in (await self.session.execute(query)).all():
            counts[_key(value)][index] += count
        return dict(counts)

    async def count_profile(self) -> Profile:
        """Counts by channel, language, urgency, country, region and consultant, and the flags
        and message counts as sums, in two scans: the five columns grouped together (a few
        hundred combinations a period), consultants apart (which would multiply them)."""
        profile = Profile({name: defaultdict(self._empty) for name in PROFILE_COLUMNS},
                          {name: self._empty() for name in FLAGS})
        keys = [getattr(Conversation, name) for name in PROFILE_COLUMNS]
        for index, values in await self._by_period(keys, list(FLAGS.values())):
            sums = values[len(keys):]
            for name, value in zip(FLAGS, sums, strict=True):
                profile.flags[name][index] += int(value or 0)
            for name, key in zip(PROFILE_COLUMNS, values[: len(keys)], strict=True):
                profile.by[name][_key(key)][index] += int(sums[0])
        holders = (Conversation.consultant_id, Conversation.consultant_alias)
        held = Conversation.consultant_id.is_not(None)
        for index, (consultant_id, alias, count) in await self._by_period(holders, [func.count()], held):
            profile.handled.setdefault(consultant_id, (alias or "", self._empty()))[1][index] += count
        return profile

    async def count_tags(self) -> tuple[Counts, Counts]:
        """Topics and outcomes (JSON lists): a conversation counts once per tag. Grouped by the
        lists' text (few distinct lists), then split here."""
        topics, outcomes = cast(Conversation.topics, Text), cast(Conversation.outcomes, Text)
        by_topic: Counts = defaultdict(self._empty)
        by_outcome: Counts = defaultdict(self._empty)
        lists = await self._by_period([topics, outcomes], [func.count()])
        for index, (topic_list, outcome_list, count) in lists:
            for counts, listed in ((by_topic, topic_list), (by_outcome, outcome_list)):
                for tag in set(json.loads(listed) if listed else []):
                    counts[str(tag)][index] += count
        return dict(by_topic), dict(by_outcome)

    async def count_specialist_referrals(self, action: str) -> Counts:
        """Referrals to a kind of specialist, by the kind the audit record names."""
        kind = AuditEntry.after["specialist_kind"].as_string()
        return await self._audited(kind, AuditEntry.action == action)

    async def count_actions(self, actions: Sequence[str]) -> Counts:
        return await self._audited(AuditEntry.action, AuditEntry.action.in_(actions))

    async def reply_ranks(self) -> list[ReplyRanks]:
        """Per period: how many conversations got a first reply, and the seconds at the ranks
        the report reads (`ReplyRanks`), found in SQL from the histogram of each period's
        seconds and its running total (window sums), so a period sends one row, not one a
        distinct number of seconds (95,000 by week over a year). For a whole u, u ≥ (n + 1) // 2
        is 2u ≥ n, u ≥ n // 2 + 1 is 2u > n, and u ≥ ceil(P90 × n) is u ≥ P90 × n: no division,
        and the same floating-point product as in Python."""
        seconds = Conversation.first_reply_s
        histogram = self._by_period_query([seconds.label("seconds")], [func.count().label("n")],
                                          seconds.is_not(None)).subquery()
        within = {"partition_by": histogram.c.bucket}
        upto = func.sum(histogram.c.n).over(**within, order_by=histogram.c.seconds)
        running = select(histogram.c.bucket, histogram.c.seconds, upto.label("upto"),
                         func.sum(histogram.c.n).over(**within).label("total")).subquery()
        bucket, value, upto, total = running.c.bucket, running.c.seconds, running.c.upto, running.c.total

        def first_at(reached: ColumnElement[bool]) -> ColumnElement[Any]:
            return func.min(case((reached, value)))

        query = select(bucket, func.max(total), first_at(2 * upto >= total), first_at(2 * upto > total),
                       first_at(upto >= literal(P90, Float) * total)).group_by(bucket)
        found = [ReplyRanks(0) for _ in self.periods]
        for index, answered, low, high, p90 in (await self.session.execute(query)).all():
            found[index] = ReplyRanks(int(answered), int(low), int(high), int(p90))
        return found
