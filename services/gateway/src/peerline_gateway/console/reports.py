"""The reports page and its CSV (supervisors): figures asked of notifications, charts drawn on
the server (report_charts.py), small counts already withheld by notifications."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from peerline_gateway.console import deps as console_deps
from peerline_gateway.console.auth import SessionCookie, Supervisor
from peerline_gateway.console.domain import has_role
from peerline_gateway.console.errors import ServiceUnavailable
from peerline_gateway.console.pages import console_page, supervises
from peerline_gateway.console.report_charts import bars, time_series
from peerline_gateway.console.rpc import Notifications
from peerline_gateway.console.sessions import ConsoleSession
from peerline_gateway.web import page_lang, translate
from peerline_shared.events import GetReport, ReportBy, ReportShown, utc_now
from peerline_shared.events import subjects as subj
from peerline_shared.report_tables import report_csv

router = APIRouter(prefix="/console", tags=["console"], include_in_schema=False)
REPORT_TEXTS = ("console.", "supervisor.", "reports.", "lang_name")
BAR_SECTIONS = ("topic", "channel", "language", "urgency", "country", "region", "outcome", "referral")
First = Annotated[date | None, Query(alias="from")]
Last = Annotated[date | None, Query(alias="to")]


def _days(first: date | None, last: date | None) -> tuple[date, date]:
    today = utc_now().date()
    last = last or today
    return first or date(last.year, 1, 1), last


async def _ask(
    notifications: Notifications, session: ConsoleSession, first: date, last: date, by: ReportBy
) -> ReportShown:
    query = GetReport(actor=session.actor(), first_day=first, last_day=last, by=by)
    return await notifications.ask(subj.rpc_notifications("report"), query, ReportShown, what="reports")


def _charts(report: ReportShown, lang: Any) -> dict[str, Any]:
    labels = [period.label for period in report.periods]
    withheld = translate(lang, "reports.withheld_short", min_count=report.min_count)
    contacts = next((line for line in report.lines if line.section == "contacts"), None)
    charts: dict[str, Any] = {
        "series": time_series(
            labels, contacts.values if contacts else (), translate(lang, "reports.contacts")
        ),
        "bars": [],
    }
    for section in BAR_SECTIONS:
        items = [(line.key, line.total) for line in report.lines if line.section == section]
        if items:
            charts["bars"].append(
                (section, bars(items, translate(lang, f"reports.section.{section}"), withheld))
            )
    return charts


@router.get("/reports")
async def reports_page(
    request: Request,
    store: console_deps.Sessions,
    notifications: Notifications,
    peerline_console: SessionCookie = None,
    first: First = None,
    last: Last = None,
    by: ReportBy = "month",
) -> Response:
    first_day, last_day = _days(first, last)
    session = await store.get(peerline_console, touch=False)
    report, unavailable = None, False
    if session is not None and has_role(session.role, "supervisor"):
        try:
            report = await _ask(notifications, session, first_day, last_day, by)
        except ServiceUnavailable:
            unavailable = True
    lang = page_lang(request, use_cookie=True)
    charts = _charts(report, lang) if report is not None and not report.error else None
    return await console_page(
        request,
        "reports.html",
        store,
        peerline_console,
        texts=REPORT_TEXTS,
        shown_to=supervises,
        report=report,
        charts=charts,
        unavailable=unavailable,
        first_day=first_day,
        last_day=last_day,
        by=by,
    )


@router.get("/reports.csv")
async def reports_csv(
    session: Supervisor,
    notifications: Notifications,
    first: First = None,
    last: Last = None,
    by: ReportBy = "month",
) -> Response:
    first_day, last_day = _days(first, last)
    report = await _ask(notifications, session, first_day, last_day, by)
    name = f"peerline-report-{first_day}-{last_day}-{by}.csv"
    return Response(
        report_csv(report) if not report.error else f"error,{report.error}\n",
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
        status_code=200 if not report.error else 400,
    )
