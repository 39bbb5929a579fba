"""The reports page in headless Chromium: a year seeded into the running system's notifications
database, charted per month (server-drawn SVG), withheld counts explained, CSV downloadable."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from peerline_devtools.devstack import DevStack

from .conftest import SCREENSHOTS, new_context, sign_in_supervisor

pytestmark = [pytest.mark.browser, pytest.mark.e2e]
BENCH = Path(__file__).resolve().parents[2] / "bench" / "reports_bench.py"


def _seed_a_year(system: DevStack) -> tuple[date, date]:
    # Ends a week before today so that the other pages' "last 7 days" figures stay as they were.
    first = date.today() - timedelta(days=373)
    subprocess.run(
        [
            sys.executable,
            str(BENCH),
            "--seed-only",
            "--no-audit",
            "--database-url",
            system.database_url("notifications"),
            "--first-day",
            first.isoformat(),
            "--days",
            "365",
            "--per-day",
            "6",
            "--messages",
            "2",
        ],
        check=True,
        timeout=300,
    )
    return first, first + timedelta(days=364)


def test_the_reports_page_charts_a_year_and_offers_the_csv(
    browser: Browser, gateway: str, system: DevStack
) -> None:
    first, last = _seed_a_year(system)
    page = new_context(browser).new_page()
    sign_in_supervisor(page, gateway, system)
    page.goto(f"{gateway}/console/reports?from={first}&to={last}&by=month")

    series = page.locator("svg.chart.series")
    expect(series).to_be_visible()
    assert series.locator("circle.dot").count() >= 12  # a point a month (13 when the year straddles)
    bars = page.locator("section.chart-card[data-section=topic] svg.chart.bars rect.bar")
    assert bars.count() >= 5
    expect(page.locator("#withheld-notice")).to_contain_text("<5")
    expect(page.locator("#report-table tr[data-section=contacts] td").last).not_to_have_text("0")
    # Hours on shift came from the directory over the bus (the demo supervisor is always on shift).
    expect(page.locator("#report-people")).not_to_contain_text("hours on shift are unknown")
    demo_hours = page.locator("#report-consultants tr", has_text="hours on shift").last
    expect(demo_hours.locator("td").last).not_to_have_text("–")
    page.screenshot(
        path=str(SCREENSHOTS / "reports.png"),
        full_page=True,
        clip={"x": 0, "y": 0, "width": 1280, "height": 1400},
    )

    with page.expect_download() as download:
        page.click("#report-csv")
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.startswith("section,key,") and "contacts,conversations," in text
    assert "bench-" not in text  # pseudonyms are never exported
