"""Reports on a seeded month: `peerline report` (CSV and JSON, through the migrations on
SQLite) and the same figures on PostgreSQL, against counts made by hand; small cells withheld."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine
from typer.testing import CliRunner

from peerline_notifications.audit.models import AuditEntry
from peerline_notifications.audit.verify import verify_stored_chain
from peerline_notifications.cli import MIGRATIONS, VERSION_TABLE
from peerline_notifications.deps import Deps
from peerline_notifications.reports.cli import OPERATOR
from peerline_notifications.reports.handlers import report as report_handler
from peerline_notifications.reports.service import REPORT_VIEWED, ReportPolicy, make_report
from peerline_notifications.shift_hours import NoShiftHours
from peerline_shared.cli import peerline_app
from peerline_shared.db import create_engine, session_factory
from peerline_shared.events import Actor, GetReport, ReportShown
from peerline_shared.migrations import upgrade_to_head

from .report_seed import EXPECTED_HANDLED, EXPECTED_NOVEMBER, EXPECTED_REPLY, OLENA, seed

KYIV = ZoneInfo("Europe/Kyiv")


def _figures(report: ReportShown) -> dict[tuple[str, str], int | None]:
    return {(line.section, line.key): line.values[0] for line in report.lines}


async def _report_on(engine: AsyncEngine, by: str = "month", min_count: int = 5) -> ReportShown:
    query = GetReport(actor=OPERATOR, first_day=date(2026, 11, 1), last_day=date(2026, 11, 30), by=by)  # type: ignore[arg-type]
    async with session_factory(engine)() as session:
        return await make_report(session, query, ReportPolicy(min_count, KYIV), NoShiftHours())


async def test_a_seeded_month_gives_the_figures_counted_by_hand(any_engine: AsyncEngine) -> None:
    await seed(any_engine)
    report = await _report_on(any_engine)

    assert [p.label for p in report.periods] == ["2026-11"]
    figures = _figures(report)
    assert {key: figures.get(key) for key in EXPECTED_NOVEMBER} == EXPECTED_NOVEMBER
    times = report.reply_times[0]
    assert (times.answered, times.median_s, times.p90_s) == tuple(EXPECTED_REPLY.values())
    assert {c.alias: c.handled[0] for c in report.consultants} == EXPECTED_HANDLED
    assert not report.shift_hours_known and report.consultants[0].shift_hours == (None,)


async def test_with_no_threshold_nothing_is_withheld_and_weeks_split_the_month(
    sqlite_engine: AsyncEngine,
) -> None:
    await seed(sqlite_engine)
    report = await _report_on(sqlite_engine, min_count=1)
    assert _figures(report)[("urgency", "high")] == 4 and _figures(report)[("language", "en")] == 2

    weekly = await _report_on(sqlite_engine, by="week", min_count=1)
    assert [p.label for p in weekly.periods] == [
        "2026-W44",
        "2026-W45",
        "2026-W46",
        "2026-W47",
        "2026-W48",
        "2026-W49",
    ]
    contacts = next(line for line in weekly.lines if line.section == "contacts")
    assert sum(v or 0 for v in contacts.values) == 18


async def test_a_consultant_gets_no_report(sqlite_engine: AsyncEngine) -> None:
    query = GetReport(
        actor=Actor(consultant_id=OLENA, alias="Olena"),
        first_day=date(2026, 11, 1),
        last_day=date(2026, 11, 30),
    )
    async with session_factory(sqlite_engine)() as session:
        shown = await make_report(session, query, ReportPolicy(5, KYIV), NoShiftHours())
    assert shown.error == "forbidden" and not shown.lines


def _migrated(tmp_path: Path) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'report.sqlite'}"
    upgrade_to_head(MIGRATIONS, url, VERSION_TABLE)
    return url


def _run(url: str, *args: str) -> str:
    result = CliRunner().invoke(
        peerline_app(),
        ["report", "--from", "2026-11-01", "--to", "2026-11-30", "--no-shift-hours", *args],
        env={"PEERLINE_DATABASE_URL": url, "PEERLINE_NOTIFICATIONS_REPORT_TIME_ZONE": "Europe/Kyiv"},
    )
    assert result.exit_code == 0, result.output
    return result.stdout


async def test_peerline_report_writes_the_month_as_csv_and_json(tmp_path: Path) -> None:
    url = await asyncio.to_thread(_migrated, tmp_path)
    engine = create_engine(url)
    try:
        await seed(engine)
    finally:
        await engine.dispose()

    rows = list(
        csv.reader(io.StringIO(await asyncio.to_thread(_run, url, "--by", "month", "--format", "csv")))
    )
    assert rows[0] == ["section", "key", "2026-11", "total"]
    cells = {(row[0], row[1]): row[2] for row in rows[1:]}
    for key, expected in EXPECTED_NOVEMBER.items():
        assert cells[key] == ("<5" if expected is None else str(expected)), key
    assert (
        cells[("first_reply", "median_seconds")] == "200" and cells[("first_reply", "p90_seconds")] == "900"
    )
    assert cells[("consultant_handled", "Olena")] == "12" and cells[("consultant_handled", "Taras")] == "<5"
    assert "client-" not in "".join(",".join(row) for row in rows)  # no pseudonym is ever exported

    shown = json.loads(await asyncio.to_thread(_run, url, "--format", "json"))
    assert shown["min_count"] == 5 and shown["periods"][0]["label"] == "2026-11"
    assert {(x["section"], x["key"]): x["values"][0] for x in shown["lines"]}[("topic", "hiv")] is None

    engine = create_engine(url)
    try:
        views = await _audited_views(engine)
    finally:
        await engine.dispose()
    assert len(views) == 2 and all(view.actor_id.startswith("cli:") for view in views)
    assert views[0].after == {"first_day": "2026-11-01", "last_day": "2026-11-30", "by": "month"}


async def _audited_views(engine: AsyncEngine) -> list[AuditEntry]:
    async with session_factory(engine)() as session:
        query = select(AuditEntry).where(AuditEntry.action == REPORT_VIEWED).order_by(AuditEntry.sequence)
        return list((await session.execute(query)).scalars())


async def test_a_report_shown_to_a_supervisor_is_audited_with_who_and_the_period(deps: Deps) -> None:
    supervisor = Actor(consultant_id=OLENA, alias="Taras", role="supervisor")
    query = GetReport(actor=supervisor, first_day=date(2026, 11, 1), last_day=date(2026, 11, 30), by="week")
    assert (await report_handler(query, deps)).error is None
    refused = GetReport(actor=Actor(consultant_id=OLENA, alias="Olena"), first_day=date(2026, 11, 1),
                        last_day=date(2026, 11, 30))
    assert (await report_handler(refused, deps)).error == "forbidden"
    [entry] = await _audited_views(deps.sessions.kw["bind"])
    assert (entry.actor_id, entry.actor_alias, entry.conversation_id) == (str(OLENA), "Taras", None)
    assert entry.after == {"first_day": "2026-11-01", "last_day": "2026-11-30", "by": "week"}
    assert entry.at == deps.clock()
    async with session_factory(deps.sessions.kw["bind"])() as session:
        assert (await verify_stored_chain(session))[1] == []
