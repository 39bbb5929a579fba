"""Report rules: the periods of a report, withholding small counts, reply-time percentiles,
and which audit actions count as referrals. No I/O."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from peerline_shared.events import ReplyTimes, ReportBy, ReportLine, ReportPeriod

REFERRAL_KINDS: Mapping[str, str] = {"transferred": "transfer"}
"""Audit actions that are referrals, and the kind of service each counts as."""
SPECIALIST_REFERRAL = "referred"
"""The audit action of a referral to a kind of specialist: its kind is in the record's `after`
(`specialist_kind`), counted by that kind (lawyer, psychologist, …)."""


class TooManyPeriods(ValueError):
    pass


def periods(
    first_day: date, last_day: date, by: ReportBy, zone: ZoneInfo, limit: int
) -> tuple[ReportPeriod, ...]:
    """Calendar months or ISO weeks (Monday first) covering first_day..last_day, the first and
    last clipped to those days; boundaries at local midnight, given in UTC."""
    if last_day < first_day:
        raise ValueError("the last day comes before the first")
    found: list[ReportPeriod] = []
    start = first_day
    while start <= last_day:
        end = min(_next_boundary(start, by), last_day + timedelta(days=1))
        found.append(ReportPeriod(label=_label(start, by), start=_utc(start, zone), end=_utc(end, zone)))
        if len(found) > limit:
            raise TooManyPeriods(f"more than {limit} periods")
        start = end
    return tuple(found)


def _next_boundary(day: date, by: ReportBy) -> date:
    if by == "week":
        return day + timedelta(days=7 - day.weekday())
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _label(day: date, by: ReportBy) -> str:
    if by == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{day.year}-{day.month:02d}"


def local_day(at: datetime, zone: ZoneInfo) -> date:
    """The calendar day `at` falls on in `zone` (what a conversation's `opened_on` keeps)."""
    return at.astimezone(zone).date()


def first_days(periods: Sequence[ReportPeriod], zone: ZoneInfo) -> list[date]:
    """Each period's first local day, then the day after the last period."""
    return [local_day(p.start, zone) for p in periods] + [local_day(periods[-1].end, zone)]


def _utc(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), zone).astimezone(ZoneInfo("UTC"))


def withheld(count: int, min_count: int) -> int | None:
    """None for a count above zero and under `min_count`: too few to publish."""
    return None if 0 < count < min_count else count


def line(section: str, key: str, counts: Sequence[int], min_count: int) -> ReportLine:
    return ReportLine(
        section=section,
        key=key,
        values=tuple(withheld(c, min_count) for c in counts),
        total=withheld(sum(counts), min_count),
    )


def lines_of(
    section: str, counts: Mapping[str, Sequence[int]], order: Iterable[str], min_count: int, *, width: int
) -> list[ReportLine]:
    """One line a key: the keys of `order` first (even when all zero), then any others sorted."""
    ordered = list(order)
    ordered += sorted(key for key in counts if key not in ordered)
    return [line(section, key, counts.get(key, [0] * width), min_count) for key in ordered]


P90 = 0.9
"""The share of the reply-time percentile reported, by nearest rank: the smallest value with at
least this share of the values at or below it (rank ceil(0.9 × n), in floating point)."""


@dataclass(frozen=True)
class ReplyRanks:
    """A period's first replies as the report needs them: how many, and the values at the
    ranks it reads (1-based, in ascending order): the two middle ones, (n + 1) // 2 and
    n // 2 + 1 (the same rank when n is odd), and the P90 rank. The database finds them
    (`ReportRepository.reply_ranks`); `Histogram.ranks` is their definition."""

    answered: int
    middle_low: int = 0
    middle_high: int = 0
    p90: int = 0


@dataclass(frozen=True)
class Histogram:
    """How many conversations got their first reply after each whole number of seconds."""

    counts: Mapping[int, int]

    def total(self) -> int:
        return sum(self.counts.values())

    def nth(self, rank: int) -> int:
        """The rank-th smallest value, 1-based."""
        seen = 0
        for seconds in sorted(self.counts):
            seen += self.counts[seconds]
            if seen >= rank:
                return seconds
        raise IndexError(rank)

    def ranks(self) -> ReplyRanks:
        n = self.total()
        if n == 0:
            return ReplyRanks(0)
        p90_rank = max(1, math.ceil(P90 * n))
        return ReplyRanks(n, self.nth((n + 1) // 2), self.nth(n // 2 + 1), self.nth(p90_rank))


def reply_times(ranks: ReplyRanks, min_count: int) -> ReplyTimes:
    """The median (the mean of the two middle values when n is even) and the P90."""
    answered = ranks.answered
    if answered == 0 or answered < min_count:
        return ReplyTimes(answered=withheld(answered, min_count))
    median = (ranks.middle_low + ranks.middle_high) / 2
    return ReplyTimes(answered=answered, median_s=median, p90_s=float(ranks.p90))
