"""A consultant corrects triage from the console: the queue re-orders on their screen and,
live, on a colleague's; the supervisor view counts the correction by level."""

from __future__ import annotations

import re
import secrets

import pytest
from playwright.sync_api import Browser, Page, expect

from peerline_devtools.devstack import DevStack

from .conftest import new_context, open_chat, say, screenshot, sign_in_supervisor

pytestmark = [pytest.mark.browser, pytest.mark.e2e]


def _marker() -> str:
    return secrets.token_hex(3).replace("0", "q")


def _queue_ids(console: Page) -> list[str]:
    ids: list[str] = console.locator("#queue .queue-item").evaluate_all(
        "items => items.map(i => i.dataset.id)"
    )
    return ids


def test_a_consultant_corrects_urgency_and_topics_and_the_queue_reorders(
    browser: Browser, gateway: str, system: DevStack
) -> None:
    console, colleague = new_context(browser).new_page(), new_context(browser).new_page()
    sign_in_supervisor(console, gateway, system, "Supervisor Oksana")
    sign_in_supervisor(colleague, gateway, system, "Supervisor Petro")
    older, missed = _marker(), _marker()
    say(
        open_chat(browser, gateway), f"Добрий день, які документи потрібні для гуманітарної допомоги? {older}"
    )
    older_item = console.locator(".queue-item", has_text=older)
    expect(older_item).to_have_class(re.compile(r"\bnormal\b"))
    say(open_chat(browser, gateway), f"Підкажіть, де можна зробити тест на гепатит безкоштовно? {missed}")
    item = console.locator(".queue-item", has_text=missed)
    expect(item).to_have_class(re.compile(r"\bnormal\b"))
    older_id, missed_id = older_item.get_attribute("data-id"), item.get_attribute("data-id")
    ids = _queue_ids(console)
    assert ids.index(older_id) < ids.index(missed_id)  # type: ignore[arg-type]

    item.locator("button.open").click()
    console.click("#triage-tool > summary")
    expect(console.locator("#triage-urgency")).to_have_value("normal")
    expect(console.locator("#triage-main")).to_have_value("hepatitis")
    console.select_option("#triage-urgency", "emergency")
    console.select_option("#triage-main", "overdose")
    console.check("input[name=triage-topic][value=hepatitis]")
    screenshot(console, "console-triage-correction.png")
    console.click("#triage-save")

    expect(console.locator("#notice")).to_have_text("Triage corrected.")
    expect(console.locator("#conv-meta")).to_contain_text("emergency")
    expect(console.locator("#conv-meta")).to_contain_text("overdose, hepatitis")
    expect(item).to_have_class(re.compile(r"\bemergency\b"))
    ids = _queue_ids(console)
    assert ids.index(missed_id) < ids.index(older_id)  # type: ignore[arg-type]
    seen_live = colleague.locator(".queue-item", has_text=missed)
    expect(seen_live).to_have_class(re.compile(r"\bemergency\b"))  # no reload: the live socket
    ids = _queue_ids(colleague)
    assert ids.index(missed_id) < ids.index(older_id)  # type: ignore[arg-type]

    console.goto(f"{gateway}/console/supervisor")
    normal = console.locator("#corrections tr[data-urgency=normal]")
    expect(normal.locator(".moved")).to_contain_text(re.compile(r"→ emergency [1-9]"))
    expect(console.locator("#corrections-share")).to_contain_text(
        re.compile(r"[1-9]\d* of \d+ conversations corrected")
    )
    screenshot(console, "console-supervisor-corrections.png")
