"""A reply to a Telegram client who blocked the bot: the console says "not delivered" on the
reply within seconds (the adapter's `outbound.undeliverable`, marked by notifications, pushed
live to the open conversation)."""

from __future__ import annotations

import secrets

import pytest
from playwright.sync_api import Browser, expect

from peerline_devtools.devstack import DevStack
from peerline_testing.botapi import BotApiInThread

from .conftest import new_context, sign_in_supervisor

pytestmark = [pytest.mark.browser, pytest.mark.e2e]
CLIENT_CHAT = 7770002


def test_a_reply_to_a_client_who_blocked_the_bot_shows_not_delivered(
    browser: Browser, gateway: str, system: DevStack, system_bot_api: BotApiInThread
) -> None:
    marker = secrets.token_hex(3).replace("0", "q")
    client = system_bot_api.call(lambda api: api.user(CLIENT_CHAT, "Client", language_code="uk"))
    question = f"Де найближча програма замісної терапії? {marker}"
    system_bot_api.call(lambda api: api.send_text(client, question))
    console = new_context(browser).new_page()
    sign_in_supervisor(console, gateway, system)
    item = console.locator(".queue-item", has_text=marker)
    item.locator("button.open").click()
    console.click("#claim")
    expect(console.locator("#notice")).to_have_text("You have this conversation.")

    system_bot_api.call(lambda api: api.block(CLIENT_CHAT))  # the client blocked the bot meanwhile
    console.locator("#reply-text").fill(f"Напишіть, будь ласка, ваше місто. {marker}")
    console.click("#send-reply")
    expect(console.locator("#notice")).to_have_text("Sent.")
    failed = console.locator("#history .entry.consultant.not-delivered", has_text=marker)
    expect(failed).to_contain_text("Not delivered: the client blocked the bot", timeout=10_000)

    console.click("details:has(#close-form) summary")
    console.check("input[name=outcome][value=resolved]")
    console.click("#close")
    expect(console.locator("#notice")).to_have_text("Closed.")
