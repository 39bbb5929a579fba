"""Consultant and shift management in the console: the demo supervisor adds a consultant with
a console login and a weekly shift, sees them listed, and the new login works."""

from __future__ import annotations

import re
import secrets

import pytest
from playwright.sync_api import Browser, expect

from peerline_devtools.devstack import DevStack

from .conftest import Account, new_context, screenshot, sign_in, sign_in_supervisor

pytestmark = [pytest.mark.browser, pytest.mark.e2e]


def test_supervisor_adds_a_consultant_with_a_shift_and_a_login(
    browser: Browser, gateway: str, system: DevStack
) -> None:
    page = new_context(browser).new_page()
    sign_in_supervisor(page, gateway, system)
    page.click("nav.sections a[href='/console/management']")
    page.wait_for_url(f"{gateway}/console/management")

    alias = f"Olena {secrets.token_hex(2)}"
    newcomer = Account(f"t-{secrets.token_hex(4)}", secrets.token_urlsafe(12), alias)
    form = page.locator("#consultant-form")
    form.locator("input[name=alias]").fill(alias)
    form.locator("input[name=languages][value=ru]").check()
    form.locator("input[name=topics][value=hiv]").check()
    form.locator("input[name=capacity]").fill("4")
    form.locator("input[name=login]").fill(newcomer.login)
    form.locator("input[name=password]").fill(newcomer.password)
    form.locator("button[type=submit]").click()
    expect(page.locator("#manage-notice")).to_have_text("Saved.")

    row = page.locator("#consultants tbody tr", has_text=alias)
    expect(row).to_contain_text("UK, RU")
    expect(row).to_contain_text("HIV")
    expect(row.locator("td").nth(3)).to_have_text("4")
    expect(page.locator("#shifts-alias")).to_have_text(alias)

    slots = page.locator("#slot-form")
    slots.locator("select[name=weekday]").select_option("5")
    slots.locator("input[name=starts]").fill("22:00")
    slots.locator("input[name=ends]").fill("06:00")
    slots.locator("button[type=submit]").click()
    expect(page.locator("#slots tbody tr")).to_have_text(re.compile(r"Saturday\s*22:00\s*06:00"))
    screenshot(page, "console-management.png")

    page.reload()  # listed from the directory, not from the page's memory
    row = page.locator("#consultants tbody tr", has_text=alias)
    row.locator("button", has_text="Shifts").click()
    expect(page.locator("#slots tbody tr")).to_have_count(1)

    forged = page.request.post(f"{gateway}/console/api/manage/consultants",
                               data={"alias": "Forged", "languages": ["uk"]})
    assert forged.status == 403 and forged.json()["error"] == "csrf"

    other = new_context(browser).new_page()
    sign_in(other, gateway, newcomer)
    expect(other.locator("header .alias")).to_have_text(alias)
    expect(other.locator("nav.sections a[href='/console/management']")).to_have_count(0)
