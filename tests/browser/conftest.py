"""Browser tests: Debian's headless Chromium driven by Playwright, against the whole system."""

from __future__ import annotations

import dataclasses
import os
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from peerline_devtools.devstack import DevStack
from peerline_devtools.totp import fresh_code
from peerline_shared import dev

CHROMIUM = Path(os.environ.get("PEERLINE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PHONE = {"width": 390, "height": 780}
DESK = {"width": 1280, "height": 820}


@dataclass(frozen=True)
class Account:
    login: str
    password: str
    alias: str
    totp_secret: str = ""


# The demo supervisor is enrolled with development mode's known TOTP secret (gateway main.py).
DEMO = Account(dev.DEMO_LOGIN, dev.DEMO_PASSWORD, dev.DEMO_ALIAS, dev.DEMO_TOTP_SECRET)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: run infra/scripts/install-browser.sh (make setup)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def gateway(system: DevStack) -> str:
    return system.url("gateway")


def add_account(system: DevStack, alias: str, role: str = "consultant") -> Account:
    """A console account made the way an operator would: `peerline gateway account add`."""
    account = Account(f"t-{secrets.token_hex(4)}", secrets.token_urlsafe(12), alias)
    system.add_console_account(account.login, account.password, alias, role)
    return account


def enrol(page: Page, gateway: str, system: DevStack, alias: str, role: str) -> Account:
    """`page` signed in to a new account of `role`, enrolled in the second factor as supervisors
    and editors must be, on the page the console sends that role to. Its first code is for a
    secret nobody has used, so it never waits for a TOTP step as the demo supervisor's does."""
    account = add_account(system, alias, role=role)
    page.goto(f"{gateway}/console/login")
    page.fill("input[name=login]", account.login)
    page.fill("input[name=password]", account.password)
    page.click("form[action='/console/login'] button[type=submit]")
    page.wait_for_url(f"{gateway}/console/enrol")
    secret = page.locator("#totp-secret").inner_text()
    page.fill("input[name=code]", fresh_code(secret))
    page.click("form[action='/console/enrol'] button[type=submit]")
    page.click("#recovery-done")
    page.wait_for_url(re.compile(r".*/console(/posts)?$"))  # an editor's console is its posts
    return dataclasses.replace(account, totp_secret=secret)


def enrolled(browser: Browser, gateway: str, system: DevStack, alias: str, role: str) -> Page:
    """A new page signed in to a new enrolled account of `role` (`enrol`)."""
    page = new_context(browser).new_page()
    enrol(page, gateway, system, alias, role)
    return page


def sign_in_supervisor(page: Page, gateway: str, system: DevStack, alias: str = "Supervisor Test") -> Account:
    """`page` at the console of a supervisor of the test's own: for a test that needs someone
    who sees and may act on every conversation (or a supervisor's page) but not the demo
    account itself, which can sign in only about twice a minute (CONTRIBUTING.md, "Test")."""
    account = enrol(page, gateway, system, alias, "supervisor")
    page.wait_for_selector("#queue-count:not(:empty)")
    return account


def new_context(browser: Browser, *, phone: bool = False, locale: str = "en-GB") -> BrowserContext:
    context = browser.new_context(
        viewport=PHONE if phone else DESK,
        locale=locale,
        is_mobile=phone,
        has_touch=phone,
        device_scale_factor=1,
    )
    context.set_default_timeout(15_000)
    return context


def sign_in(page: Page, gateway: str, account: Account = DEMO) -> None:
    """Password, then (for an enrolled account, like the demo supervisor) the TOTP code."""
    page.goto(f"{gateway}/console/login")
    page.fill("input[name=login]", account.login)
    page.fill("input[name=password]", account.password)
    page.click("form[action='/console/login'] button[type=submit]")
    page.wait_for_url(re.compile(r".*/console(/second-factor)?$"))
    if page.url.endswith("/second-factor"):
        assert account.totp_secret, f"{account.login} has a second factor the test does not know"
        page.fill("input[name=code]", fresh_code(account.totp_secret))
        page.click("form[action='/console/second-factor'] button[type=submit]")
    page.wait_for_url(f"{gateway}/console")
    page.wait_for_selector("#queue-count:not(:empty)")


def open_chat(browser: Browser, gateway: str, locale: str = "uk-UA") -> Page:
    page = new_context(browser, phone=True, locale=locale).new_page()
    page.goto(f"{gateway}/")
    page.click("#consent-ok")
    return page


def say(chat: Page, text: str) -> None:
    chat.fill("#text", text)
    chat.press("#text", "Enter")


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name))
