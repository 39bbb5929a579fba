"""A report as a table (CSV for funders' spreadsheets), the same from the CLI and the console.

Withheld counts are written as "<N" (N the threshold), never as a number, so a spreadsheet
cannot add them back; a pseudonym or a client's text is never in a report to begin with.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from peerline_shared.events import ReportShown

Row = list[str]


def _count(value: int | None, min_count: int) -> str:
    return f"<{min_count}" if value is None else str(value)


def _figure(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def report_rows(report: ReportShown) -> list[Row]:
    """Header, then one row a figure: section, key, one cell a period."""
    rows: list[Row] = [["section", "key", *(period.label for period in report.periods), "total"]]
    rows += [[line.section, line.key, *(_count(v, report.min_count) for v in line.values),
              _count(line.total, report.min_count)] for line in report.lines]
    times = report.reply_times
    rows.append(["first_reply", "answered", *(_count(t.answered, report.min_count) for t in times)])
    rows.append(["first_reply", "median_seconds", *(_figure(t.median_s) for t in times)])
    rows.append(["first_reply", "p90_seconds", *(_figure(t.p90_s) for t in times)])
    for person in report.consultants:
        handled = (_count(v, report.min_count) for v in person.handled)
        rows.append(["consultant_handled", person.alias, *handled])
        rows.append(["consultant_shift_hours", person.alias, *(_figure(h) for h in person.shift_hours)])
    return rows


def to_csv(rows: Iterable[Sequence[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(rows)
    return buffer.getvalue()


def report_csv(report: ReportShown) -> str:
    return to_csv(report_rows(report))
