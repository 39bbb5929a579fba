"""`peerline report`: the report from this service's database (it comes with notifications,
so a production image has it), hours on shift asked of the directory over NATS."""

from __future__ import annotations

import asyncio
import getpass
import json
import uuid
from datetime import date, datetime
from typing import Literal

import typer
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from peerline_notifications.settings import NotificationsSettings
from peerline_shared.events import Actor, GetReport, ReportShown, utc_now
from peerline_shared.logging import configure_logging

OPERATOR = Actor(consultant_id=uuid.UUID(int=0), alias="operator", role="admin")
"""Whoever can run this command can read the database: the operator, as an admin."""


def _day(text: str) -> date:
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise typer.BadParameter(f"not a day (YYYY-MM-DD): {text!r}") from None


async def _report(
    settings: NotificationsSettings, query: GetReport, min_count: int, ask_directory: bool
) -> ReportShown:
    from peerline_notifications.db import read_only, serialise_sqlite_writes
    from peerline_notifications.reports.service import ReportPolicy, make_report
    from peerline_notifications.shift_hours import NatsShiftHours, NoShiftHours, ShiftHours
    from peerline_shared.bus import create_bus
    from peerline_shared.db import create_engine, session_factory

    policy = ReportPolicy(min_count, settings.report_zone())
    engine = create_engine(settings.database_url)
    serialise_sqlite_writes(engine)  # the audit record queues behind the service's writes
    bus = create_bus(settings, client_name="peerline-report") if ask_directory else None
    shifts: ShiftHours = NoShiftHours()
    try:
        if bus is not None:
            try:
                await asyncio.wait_for(bus.connect(), settings.directory_timeout_s)
                shifts = NatsShiftHours(bus, settings.directory_timeout_s)
            except Exception as exc:  # no NATS here: the report still comes, without shift hours
                typer.echo(f"NATS not reachable ({type(exc).__name__}): hours on shift left out", err=True)
        sessions = session_factory(engine)
        async with read_only(sessions)() as session:
            report = await make_report(session, query, policy, shifts)
        if report.error is None:
            await _audit_view(sessions, query)
        return report
    finally:
        if bus is not None:
            await bus.stop()
        await engine.dispose()


async def _audit_view(sessions: async_sessionmaker[AsyncSession], query: GetReport) -> None:
    """Audited by the console route's own step, under the system account that ran the command."""
    from peerline_notifications import write_locks
    from peerline_notifications.reports.service import record_view
    from peerline_notifications.work import commit

    user = f"cli:{getpass.getuser()}"
    await commit(sessions, utc_now(), lambda tx: record_view(tx, query, actor_id=user, actor_alias=user),
                 write_locks.AUDIT_ONLY)  # one audit record: only the head, at its end


def report_command(
    first: str = typer.Option(..., "--from", help="first day, YYYY-MM-DD (the organisation's time zone)"),
    last: str = typer.Option(..., "--to", help="last day, included"),
    by: str = typer.Option("month", "--by", help="month or week"),
    output: str = typer.Option("csv", "--format", help="csv or json"),
    min_count: int = typer.Option(
        None, "--min-count", min=1,
        help="withhold counts under this (default: PEERLINE_NOTIFICATIONS_REPORT_MIN_COUNT)",
    ),
    shift_hours: bool = typer.Option(
        True, "--shift-hours/--no-shift-hours", help="ask the directory over NATS"
    ),
) -> None:
    """Figures per month or week for funders: contacts, messages, new and returning clients,
    channel, language, place, urgency, topic, outcome, referrals, emergencies, reply times,
    SLA breaches, after-hours contacts, triage corrections, consultants. Small counts withheld."""
    if by not in ("month", "week"):
        raise typer.BadParameter("--by is month or week")
    if output not in ("csv", "json"):
        raise typer.BadParameter("--format is csv or json")
    settings = NotificationsSettings()
    configure_logging("peerline-report", settings.log_level)  # standard error: stdout is the report
    period: Literal["month", "week"] = "week" if by == "week" else "month"
    query = GetReport(actor=OPERATOR, first_day=_day(first), last_day=_day(last), by=period)
    report = asyncio.run(_report(settings, query, min_count or settings.report_min_count, shift_hours))
    if report.error:
        typer.echo(f"no report: {report.error}", err=True)
        raise typer.Exit(code=1)
    if output == "json":
        typer.echo(json.dumps(report.model_dump(mode="json", exclude={"event_id", "occurred_at", "trace_id"}),
                              ensure_ascii=False, indent=1))
    else:
        from peerline_shared.report_tables import report_csv

        typer.echo(report_csv(report), nl=False)
