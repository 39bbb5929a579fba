"""A referral to a specialist from the console: the demo supervisor makes a new consultant a
lawyer with weekly availability (no shift), refers a client's conversation to lawyers, the
client is told in Ukrainian, and the lawyer, not on shift, sees it in the queue and claims it."""

from __future__ import annotations

import secrets
import time

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from peerline_devtools.devstack import DevStack

from .conftest import Account, new_context, open_chat, say, screenshot, sign_in, sign_in_supervisor

pytestmark = [pytest.mark.browser, pytest.mark.e2e]


def _make_a_lawyer(page: Page, gateway: str) -> Account:
    page.goto(f"{gateway}/console/management")
    alias = f"Lev {secrets.token_hex(2)}"
    lawyer = Account(f"t-{secrets.token_hex(4)}", secrets.token_urlsafe(12), alias)
    form = page.locator("#consultant-form")
    form.locator("input[name=alias]").fill(alias)
    form.locator("input[name=login]").fill(lawyer.login)
    form.locator("input[name=password]").fill(lawyer.password)
    form.locator("button[type=submit]").click()
    expect(page.locator("#shifts-alias")).to_have_text(alias)

    page.locator("input[name=specialist-kind][value=lawyer]").check()
    window = page.locator("#availability-new")
    window.locator("select[name=weekday]").select_option("1")
    window.locator("input[name=starts]").fill("14:00")
    window.locator("input[name=ends]").fill("18:00")
    page.click("#availability-add")
    expect(page.locator("#availability tbody tr")).to_have_count(1)
    page.click("#specialist-save")
    expect(page.locator("#manage-notice")).to_have_text("Saved.")
    return lawyer


def test_a_conversation_referred_to_lawyers_is_taken_by_a_lawyer_off_shift(
    browser: Browser, gateway: str, system: DevStack
) -> None:
    console = new_context(browser).new_page()
    sign_in_supervisor(console, gateway, system)
    lawyer = _make_a_lawyer(console, gateway)

    chat = open_chat(browser, gateway)
    marker = secrets.token_hex(3).replace("0", "q")
    say(chat, f"Мене затримала поліція, що мені робити? {marker}")
    console.goto(f"{gateway}/console")
    item = console.locator(".queue-item", has_text=marker)
    item.locator("button.open").click()
    console.click("#claim")
    expect(console.locator("#notice")).to_have_text("You have this conversation.")
    console.click("#specialist-tool > summary")
    console.locator("#refer-kind").select_option("lawyer")
    console.click("#refer")
    expect(console.locator("#notice")).to_contain_text("Referred to: Lawyer")
    expect(chat.locator(".msg", has_text="юриста")).to_be_visible()

    desk = new_context(browser).new_page()

    def kinds_late(route: Route) -> None:
        # The queue is drawn before the kinds' labels arrive (a slow directory): the label
        # must still replace the key once they do.
        response = route.fetch()
        time.sleep(1.5)
        route.fulfill(response=response)

    desk.route("**/console/api/specialists", kinds_late)
    sign_in(desk, gateway, lawyer)
    waiting = desk.locator(".queue-item", has_text=marker)
    expect(waiting).to_contain_text("for: Lawyer")
    waiting.locator("button.open").click()
    expect(desk.locator("#history")).to_contain_text(marker)
    screenshot(desk, "console-specialist.png")
    desk.click("#claim")
    expect(desk.locator("#notice")).to_have_text("You have this conversation.")
