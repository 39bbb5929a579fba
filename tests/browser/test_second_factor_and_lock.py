"""The second factor in a real browser (enrolment with the QR code, then a sign-in with a
code) and the console's lock (lock now, the idle lock, unlock with the password)."""

from __future__ import annotations

import dataclasses

import pytest
from playwright.sync_api import Browser, expect

from peerline_devtools.devstack import DevStack
from peerline_devtools.totp import fresh_code

from .conftest import add_account, new_context, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.e2e]


def test_a_new_supervisor_enrols_then_signs_in_with_a_code(
    browser: Browser, gateway: str, system: DevStack
) -> None:
    supervisor = add_account(system, "Supervisor Iryna", role="supervisor")
    page = new_context(browser).new_page()
    page.goto(f"{gateway}/console/login")
    page.fill("input[name=login]", supervisor.login)
    page.fill("input[name=password]", supervisor.password)
    page.click("form[action='/console/login'] button[type=submit]")
    page.wait_for_url(f"{gateway}/console/enrol")
    expect(page.locator("#totp-qr svg")).to_be_visible()
    secret = page.locator("#totp-secret").inner_text()
    screenshot(page, "console-enrol-second-factor.png")

    page.goto(f"{gateway}/console")  # nothing else until enrolled
    assert "/console/login" in page.url
    page.goto(f"{gateway}/console/enrol")
    secret = page.locator("#totp-secret").inner_text()
    page.fill("input[name=code]", fresh_code(secret))
    page.click("form[action='/console/enrol'] button[type=submit]")
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    page.click("#recovery-done")
    page.wait_for_url(f"{gateway}/console")
    page.wait_for_selector("#queue-count:not(:empty)")

    again = new_context(browser).new_page()
    sign_in(again, gateway, dataclasses.replace(supervisor, totp_secret=secret))
    expect(again.locator(".alias")).to_have_text("Supervisor Iryna")


def test_lock_now_hides_the_console_until_the_password(
    browser: Browser, gateway: str, system: DevStack
) -> None:
    consultant = add_account(system, "Consultant Lock")  # consultants need no second factor by default
    page = new_context(browser).new_page()
    sign_in(page, gateway, consultant)
    page.click("#lock-now button[type=submit]")
    # The lock may navigate twice (its own request, a poll that met the lock): wait for the URL.
    expect(page).to_have_url(f"{gateway}/console/locked")
    expect(page.locator("#unlock")).to_be_visible()
    assert page.locator("#queue-count").count() == 0  # the console's content left the page
    assert page.request.get(f"{gateway}/console/api/queue").status == 423
    page.goto(f"{gateway}/console")
    assert page.url.endswith("/console/locked")  # a reload is locked too
    screenshot(page, "console-locked.png")

    page.fill("#unlock input[name=password]", "not-my-password")
    page.click("#unlock button[type=submit]")
    expect(page.locator("#unlock-error")).to_be_visible()
    page.fill("#unlock input[name=password]", consultant.password)
    page.click("#unlock button[type=submit]")
    page.wait_for_url(f"{gateway}/console")
    page.wait_for_selector("#queue-count:not(:empty)")


def test_the_console_locks_itself_when_idle_despite_polling(
    browser: Browser, gateway: str, system: DevStack
) -> None:
    consultant = add_account(system, "Consultant Idle")
    page = new_context(browser).new_page()
    page.clock.install()  # the page's clock, moved on below without waiting
    sign_in(page, gateway, consultant)
    page.mouse.move(10, 10)
    page.clock.run_for("04:00")  # heartbeats and polls run, nobody touches anything
    assert page.url.endswith("/console")
    page.clock.run_for("01:10")  # past the default 5 minutes
    expect(page).to_have_url(f"{gateway}/console/locked")
    expect(page.locator("#unlock")).to_be_visible()
    assert page.locator("#queue-count").count() == 0
