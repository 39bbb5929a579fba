"""Issue 18, finding 2 in a real browser: a supervisor deactivates a consultant who is signed
in elsewhere; the consultant's console socket is closed and their page goes to the sign-in
form, and the old cookie reads nothing. Also a consultant changing their own password."""

from __future__ import annotations

import secrets
import time

import pytest
from playwright.sync_api import Browser, Dialog, Page, Route, expect

from peerline_devtools.devstack import DevStack

from .conftest import Account, new_context, sign_in, sign_in_supervisor

pytestmark = [pytest.mark.browser, pytest.mark.e2e]


def add_with_login(browser: Browser, gateway: str, system: DevStack) -> tuple[Account, Page]:
    """A supervisor adds a consultant with a console login from the management page."""
    page = new_context(browser).new_page()
    sign_in_supervisor(page, gateway, system)
    page.goto(f"{gateway}/console/management")
    alias = f"Ostap {secrets.token_hex(2)}"
    newcomer = Account(f"t-{secrets.token_hex(4)}", secrets.token_urlsafe(12), alias)
    form = page.locator("#consultant-form")
    form.locator("input[name=alias]").fill(alias)
    form.locator("input[name=login]").fill(newcomer.login)
    form.locator("input[name=password]").fill(newcomer.password)
    form.locator("button[type=submit]").click()
    expect(page.locator("#manage-notice")).to_have_text("Saved.")
    return newcomer, page


def test_deactivation_closes_the_consultants_console_at_once(
    browser: Browser, gateway: str, system: DevStack
) -> None:
    newcomer, supervisor = add_with_login(browser, gateway, system)
    consultant = new_context(browser).new_page()
    sign_in(consultant, gateway, newcomer)

    def accept(dialog: Dialog) -> None:
        dialog.accept()

    supervisor.on("dialog", accept)
    row = supervisor.locator("#consultants tbody tr", has_text=newcomer.alias)
    row.locator("button", has_text="Deactivate").click()
    expect(supervisor.locator("#manage-notice")).to_have_text("Saved.")

    # The socket closed (4401) and the page went to the sign-in form (several of its requests
    # may race to send it there, hence no single navigation to wait for).
    expect(consultant).to_have_url(f"{gateway}/console/login?expired=1")
    assert consultant.request.get(f"{gateway}/console/api/queue").status == 401


def test_a_consultant_changes_their_password_from_the_console(
    browser: Browser, gateway: str, system: DevStack
) -> None:
    newcomer, _ = add_with_login(browser, gateway, system)
    page = new_context(browser).new_page()
    sign_in(page, gateway, newcomer)
    page.click("#my-account")
    page.wait_for_url(f"{gateway}/console/account")
    page.fill("input[name=current_password]", newcomer.password)
    page.fill("input[name=new_password]", "password1234")
    page.click("#password-form button[type=submit]")
    expect(page.locator("#password-problem")).to_contain_text("too common")
    renewed = "Quiet-harbour-" + secrets.token_hex(4)

    def answer_late(route: Route) -> None:
        # The server ends the old session (closing this page's socket) before the fresh cookie
        # reaches the browser; on a slow network the page lives on meanwhile, with only the
        # old cookie, and must not send itself to the sign-in form. Replayed outside the page,
        # the post lacks the Sec-Fetch-Site the browser adds, and its answer would store the
        # fresh cookie at once: the old one is put back until the answer is delivered.
        signed_in_before = page.context.cookies()
        response = route.fetch(headers={**route.request.all_headers(), "sec-fetch-site": "same-origin"})
        page.context.add_cookies(signed_in_before)  # type: ignore[arg-type]
        time.sleep(1.5)
        route.fulfill(response=response)

    page.route("**/console/account/password", answer_late)
    page.fill("input[name=current_password]", newcomer.password)
    page.fill("input[name=new_password]", renewed)
    page.click("#password-form button[type=submit]")
    expect(page.locator("#password-changed")).to_be_visible()
    assert page.request.get(f"{gateway}/console/api/on-shift").status != 401  # still signed in here
