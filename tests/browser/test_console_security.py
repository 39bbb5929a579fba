"""The console's doors: lockout, CSRF, cookie flags, one claim wins."""

from __future__ import annotations

import re
import secrets
import uuid

import pytest
from playwright.sync_api import Browser, expect

from peerline_devtools.devstack import DevStack

from .conftest import add_account, new_context, open_chat, say, screenshot, sign_in, sign_in_supervisor

pytestmark = [pytest.mark.browser, pytest.mark.e2e]


def test_wrong_passwords_lock_the_login_even_for_the_right_password(
    browser: Browser, gateway: str, system: DevStack
) -> None:
    probe = add_account(system, "Lock probe")
    page = new_context(browser).new_page()
    page.goto(f"{gateway}/console/login")
    for attempt in range(5):
        page.fill("input[name=login]", probe.login)
        page.fill("input[name=password]", f"wrong-{attempt}")
        page.click("button[type=submit]")
    expect(page.locator("#login-error")).to_have_attribute("data-locked", "1")
    page.fill("input[name=login]", probe.login)
    page.fill("input[name=password]", probe.password)
    page.click("button[type=submit]")
    expect(page.locator("#login-error")).to_contain_text(re.compile(r"Too many failed attempts"))
    assert page.url.endswith("/console/login")
    screenshot(page, "console-login-locked.png")


def test_state_changes_need_the_csrf_token_and_the_cookie_is_locked_down(
    browser: Browser, gateway: str, system: DevStack
) -> None:
    page = new_context(browser).new_page()
    sign_in_supervisor(page, gateway, system)
    cookie = next(c for c in page.context.cookies() if c["name"] == "peerline_console")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"

    somebody = f"{gateway}/console/api/conversations/{uuid.uuid4()}/claim"
    refused = page.request.post(somebody)
    assert refused.status == 403 and refused.json()["error"] == "csrf"
    token = page.locator("meta[name=csrf-token]").get_attribute("content") or ""
    allowed = page.request.post(somebody, headers={"X-CSRF-Token": token})
    assert allowed.status != 403, allowed.text()

    logout_without_token = page.request.post(f"{gateway}/console/logout", form={"x": "1"})
    assert logout_without_token.status == 403
    page.goto(f"{gateway}/console")
    expect(page.locator("#queue-title")).to_be_visible()  # still signed in
    page.click("form.logout button")
    page.wait_for_url(re.compile(r"/console/login"))


def test_a_second_consultant_cannot_claim_a_taken_conversation(
    browser: Browser, gateway: str, system: DevStack
) -> None:
    second = add_account(system, "Taras (test)")
    marker = secrets.token_hex(3).replace("0", "q")
    say(open_chat(browser, gateway), f"Підкажіть, де отримати метадон у Львові? {marker}")
    first, other = new_context(browser).new_page(), new_context(browser).new_page()
    holder = sign_in_supervisor(first, gateway, system, "Supervisor Iryna").alias
    sign_in(other, gateway, second)
    offered = first.locator(".queue-item", has_text=marker)
    offered.locator("button.open").click()
    expect(first.locator("#claim")).to_be_visible()
    conversation_id = offered.get_attribute("data-id")
    # The second consultant (no shift, no languages) has no need to know it: the queue withholds
    # the preview, and opening it asks for a break-glass reason (audited for supervisors).
    theirs = other.locator(f'.queue-item[data-id="{conversation_id}"]')
    expect(theirs).to_contain_text("Not offered to you")
    expect(theirs).not_to_contain_text(marker)
    theirs.locator("button.open").click()
    expect(other.locator("#break-glass")).to_be_visible()
    other.fill("#break-glass-reason", "covering for a colleague who went offline")
    other.click("#break-glass-open")
    expect(other.locator("#history")).to_contain_text(marker)
    expect(other.locator("#claim")).to_be_visible()
    first.click("#claim")
    expect(first.locator("#notice")).to_have_text("You have this conversation.")
    # The other console learns it live: the item now says who has it, and Claim is gone.
    expect(theirs).to_contain_text(holder)
    expect(other.locator("#claim")).to_be_hidden()
    # Had the other consultant clicked a moment earlier, the server still lets only one win.
    late = other.evaluate(
        "async (id) => (await window.Peerline.api('POST', '/conversations/' + id + '/claim'))",
        conversation_id,
    )
    assert late["status"] == 409 and late["data"]["holder_alias"] == holder


def test_supervisor_view_shows_the_shift_or_says_what_is_missing(
    browser: Browser, gateway: str, system: DevStack
) -> None:
    page = new_context(browser).new_page()
    sign_in_supervisor(page, gateway, system)
    page.goto(f"{gateway}/console/supervisor")
    expect(page.locator("#depth-title")).to_be_visible()
    answered = page.locator("#chain:not(:empty), #service-notice:not([hidden])")
    expect(answered.first).to_be_visible(timeout=15_000)
    page.wait_for_timeout(500)
    screenshot(page, "console-supervisor.png")
