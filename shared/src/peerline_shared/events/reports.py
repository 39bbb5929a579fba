"""Reports for funders: figures per month or week, computed by notifications from its own
tables, with consultants' planned shift hours asked of the directory.

A report never carries a pseudonym, a client's text or anything about one client: only counts,
and counts under the organisation's threshold are withheld (None) so that a small region or a
rare topic cannot single a person out.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import Field

from peerline_shared.events.base import Query, Reply, WireModel
from peerline_shared.events.commands import Actor

ReportBy = Literal["month", "week"]
REPORT_BY: tuple[ReportBy, ...] = ("month", "week")
MAX_REPORT_PERIODS = 120
"""About two years by week, ten by month: enough for any funder, bounded for the bus."""


class GetReport(Query):
    """Supervisors: the report from `first_day` to `last_day` (both included, the
    organisation's time zone), one column a `by`."""

    type: Literal["query.report"] = "query.report"
    schema_version: Literal[1] = 1
    actor: Actor
    first_day: date
    last_day: date
    by: ReportBy = "month"


class ReportPeriod(WireModel):
    label: str = Field(max_length=16)
    """"2026-11" or "2026-W47"."""
    start: datetime
    end: datetime
    """Exclusive."""


class ReportLine(WireModel):
    """One figure per period: `section` "channel", `key` "telegram", a count a period. None is
    a count withheld because it was above zero and under the threshold."""

    section: str = Field(max_length=32)
    key: str = Field(max_length=64)
    values: tuple[int | None, ...] = Field(default=(), max_length=MAX_REPORT_PERIODS)
    total: int | None = None
    """The whole report's count (withheld like the others)."""


class ReplyTimes(WireModel):
    """Seconds from a conversation's opening to its first consultant reply; None where fewer
    conversations than the threshold were answered."""

    answered: int | None = None
    median_s: float | None = None
    p90_s: float | None = None


class ConsultantFigures(WireModel):
    """A consultant (staff, by alias): conversations handled and planned hours on shift."""

    consultant_id: uuid.UUID
    alias: str = Field(max_length=64)
    handled: tuple[int | None, ...] = Field(default=(), max_length=MAX_REPORT_PERIODS)
    shift_hours: tuple[float | None, ...] = Field(default=(), max_length=MAX_REPORT_PERIODS)
    """None in every period when the directory did not answer."""


class ReportShown(Reply):
    type: Literal["query.report_shown"] = "query.report_shown"
    schema_version: Literal[1] = 1
    error: str | None = None
    """"forbidden" (not a supervisor or admin) or "too_many_periods"."""
    by: ReportBy = "month"
    min_count: int = Field(default=5, ge=1)
    """Counts above zero and under this are withheld."""
    periods: tuple[ReportPeriod, ...] = Field(default=(), max_length=MAX_REPORT_PERIODS)
    lines: tuple[ReportLine, ...] = ()
    reply_times: tuple[ReplyTimes, ...] = Field(default=(), max_length=MAX_REPORT_PERIODS)
    consultants: tuple[ConsultantFigures, ...] = ()
    shift_hours_known: bool = False
    """False when the directory did not answer: hours on shift are missing, not zero."""


class ShiftWindow(WireModel):
    start: datetime
    end: datetime


class GetShiftHours(Query):
    """Each consultant's planned hours on shift (weekly slots and one-off changes) in each
    window; asked by notifications for reports, answered by the directory."""

    type: Literal["query.shift_hours"] = "query.shift_hours"
    schema_version: Literal[1] = 1
    windows: tuple[ShiftWindow, ...] = Field(min_length=1, max_length=MAX_REPORT_PERIODS)


class ConsultantShiftHours(WireModel):
    consultant_id: uuid.UUID
    alias: str = Field(max_length=64)
    hours: tuple[float, ...] = Field(default=(), max_length=MAX_REPORT_PERIODS)
    """One figure a window, in the request's order."""


class ShiftHoursListed(Reply):
    type: Literal["query.shift_hours_listed"] = "query.shift_hours_listed"
    schema_version: Literal[1] = 1
    consultants: tuple[ConsultantShiftHours, ...] = ()
