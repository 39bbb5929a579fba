"""Bad-batch alerts in a real browser: a supervisor's draft cannot be sent by that supervisor
(no button, and the API refuses), a second supervisor approves it, the console shows delivery
progress live (sent and remaining moving while it sends) and the final counts; then the web
chat shows the alert as a banner to a client who chose that oblast, and not to one elsewhere.

Beside the shared system, an alerting Telegram adapter runs on a Bot API emulator of its own
(the system's adapter rests meanwhile), with subscribers seeded as /alerts leaves them."""

from __future__ import annotations

import asyncio
import json
import re
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from playwright.sync_api import Browser, expect

from peerline_devtools.devstack import DevStack, ServiceProcess, answers_ok
from peerline_devtools.localservers import free_port_map, spawn
from peerline_telegram.alerts.domain import Place

from ..chaos.alerting import Subscriber, seed
from .conftest import enrolled, new_context, open_chat, screenshot, sign_in_supervisor

pytestmark = [pytest.mark.browser, pytest.mark.e2e]
TEXT = "Увага, Львів: «героїн» з нітазенами цього тижня. Тримайте налоксон поруч."
AUDIENCE = 60
RATE_PER_S = 5  # slow enough that the page sees the alert being sent


@pytest.fixture(scope="module")
def emulator(system: DevStack) -> Iterator[str]:
    port = free_port_map(["botapi"])["botapi"]
    log = (system.var_dir / "logs" / "botapi.log").open("ab")
    process = spawn([sys.executable, "-m", "peerline_testing.botapi", "--port", str(port)], stdout=log)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: answers_ok(f"{url}/_emulator/calls"))
        yield url
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture(scope="module")
def alerting(system: DevStack, emulator: str) -> Iterator[None]:
    """The system's Telegram adapter, enabled on the emulator (the system's own has no bot)."""
    chats = iter(range(900_000_001, 900_001_000))
    people = [Subscriber(next(chats), Place("UA", "UA-46"), "uk") for _ in range(AUDIENCE)]
    people += [Subscriber(next(chats), Place("UA", "UA-51"), "uk") for _ in range(10)]
    # Playwright's loop runs in this thread: the seeding gets a thread (and a loop) of its own.
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, seed(system.database_url("telegram"), people)).result()
    port = free_port_map(["telegram"])["telegram"]
    env = system.service_env("telegram") | {
        "PEERLINE_TELEGRAM_PORT": str(port),
        "PEERLINE_TELEGRAM_ENABLED": "true",
        "PEERLINE_TELEGRAM_BOT_TOKEN": "123:browser-alerts",
        "PEERLINE_TELEGRAM_API_BASE_URL": emulator,
        "PEERLINE_TELEGRAM_POLLING_TIMEOUT_S": "1",
        "PEERLINE_TELEGRAM_ALERT_RATE_PER_S": str(RATE_PER_S),
    }
    # The system's own adapter (on the system's emulator, for consultants' DMs) would share the
    # alert consumers and send part of the alert elsewhere: it rests while this one runs.
    system.services["telegram"].stop()
    adapter = ServiceProcess("telegram", env, system.var_dir / "logs" / "telegram-alerts.log", None)
    adapter.start()
    try:
        wait_until(lambda: answers_ok(f"http://127.0.0.1:{port}/healthz"))
        yield
    finally:
        adapter.stop()
        system.start_service("telegram")
        system.wait_healthy(("telegram",))


def wait_until(condition: object, within_s: float = 120.0) -> None:
    deadline = time.monotonic() + within_s
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError("not ready in time")
        time.sleep(0.2)


def alert_texts_sent(emulator: str) -> list[str]:
    calls = httpx.get(f"{emulator}/_emulator/calls", timeout=10).json()
    return [
        c["params"].get("text", "")
        for c in calls
        if c["method"].lower() == "sendmessage" and "нітазен" in str(c["params"].get("text", ""))
    ]


def test_one_supervisor_cannot_send_and_the_console_shows_progress_live(
    browser: Browser, gateway: str, system: DevStack, emulator: str, alerting: None
) -> None:
    anna = new_context(browser).new_page()
    sign_in_supervisor(anna, gateway, system, "Supervisor Anna")
    anna.goto(f"{gateway}/console/alerts")
    anna.select_option("#alert-country", "UA")
    anna.select_option("#alert-region", "UA-46")
    anna.fill("textarea[name=text_uk]", TEXT)
    anna.click("#alert-form button[type=submit]")
    draft = anna.locator("#alerts tbody tr[data-status=draft]").filter(has_text="нітазен")
    expect(draft).to_have_count(1)
    expect(draft.locator("button.approve")).to_have_count(0)
    alert_id = draft.get_attribute("data-alert")
    csrf = anna.locator("meta[name=csrf-token]").get_attribute("content") or ""
    refused = anna.request.post(
        f"{gateway}/console/api/alerts/{alert_id}/approve",
        headers={"X-CSRF-Token": csrf, "Content-Type": "application/json"},
    )
    assert refused.status == 403 and refused.json()["error"] == "same_person"
    assert alert_texts_sent(emulator) == [], "a single account sent nothing"

    borys = enrolled(browser, gateway, system, "Supervisor Borys", role="supervisor")
    borys.goto(f"{gateway}/console/alerts")
    borys.on("dialog", lambda dialog: dialog.accept())
    row = borys.locator(f"#alerts tbody tr[data-alert='{alert_id}']")
    row.locator("button.approve").click()
    progress = row.locator("td.progress")
    # Live: while it sends, the same row shows some sent and some remaining, without a reload.
    expect(progress).to_have_text(
        re.compile(r"^[1-9]\d* sent, 0 failed, 0 uncertain, [1-9]\d* remaining"), timeout=30_000
    )
    screenshot(borys, "console-alert-sending.png")
    expect(progress).to_have_text(
        f"{AUDIENCE} sent, 0 failed, 0 uncertain, 0 remaining of {AUDIENCE}", timeout=60_000
    )
    expect(row).to_have_attribute("data-status", "sent")
    assert len(alert_texts_sent(emulator)) == AUDIENCE
    # The adapter's own audit chain, asked over the bus: drafted, approved and sent are in it.
    borys.reload()
    expect(borys.locator("#alerts-audit-chain")).to_have_text(
        re.compile(r"^Audit chain intact \([1-9]\d* records\)$"), timeout=15_000
    )
    expect(borys.locator("#alerts-audit-problems li")).to_have_count(0)

    chat = open_chat(browser, gateway)
    for place, shown in (
        ({"country": "UA", "region": "UA-46"}, True),
        ({"country": "UA", "region": "UA-51"}, False),
    ):
        chat.evaluate(f"sessionStorage.setItem('peerline.place', {json.dumps(json.dumps(place))})")
        with chat.expect_response(re.compile(r".*/chat/alerts$")):
            chat.reload()
        banner = chat.locator("#batch-alerts")
        if shown:
            expect(banner).to_be_visible()
            expect(banner).to_contain_text("героїн")
            screenshot(chat, "chat-alert-banner.png")
        else:
            expect(banner).to_be_hidden()
