"""A whole conversation in two real browsers: a client on a phone, a consultant at a desk."""

from __future__ import annotations

import re
import secrets

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import DEMO, new_context, open_chat, say, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.e2e]


def test_overdose_chat_is_answered_claimed_referred_and_closed(browser: Browser, gateway: str) -> None:
    gaps: list[str] = []
    console = new_context(browser).new_page()
    sign_in(console, gateway)
    chat = open_chat(browser, gateway)
    expect(chat.locator("html")).to_have_attribute("lang", "uk")
    expect(chat.locator("a.call[href='tel:103']")).to_be_visible()

    marker = secrets.token_hex(3).replace("0", "q")
    say(chat, f"Допоможіть, мій друг передознувся героїном, не дихає, губи сині. {marker}")
    expect(chat.locator(".msg.mine").last).not_to_have_class(re.compile("pending"))
    _first_aid_arrives(chat, gaps)

    item = console.locator(".queue-item", has_text=marker)
    expect(item).to_be_visible()
    _console_alerts(console, item, gaps)
    screenshot(console, "console-queue.png")

    item.locator("button.open").click()
    expect(console.locator("#history")).to_contain_text(marker)
    console.click("#claim")
    expect(console.locator("#notice")).to_have_text("You have this conversation.")
    _insert_referral(console, gaps)
    reply = f"Я поруч. Телефонуйте 103 зараз, покладіть друга на бік. {marker}"
    console.locator("#reply-text").press_sequentially(" " + reply, delay=0)
    console.click("#send-reply")
    expect(console.locator("#notice")).to_have_text("Sent.")

    answer = chat.locator(".msg.consultant", has_text=marker)
    expect(answer).to_contain_text(DEMO.alias)
    expect(chat.locator(".msg.status-note", has_text=DEMO.alias)).to_be_visible()
    screenshot(chat, "chat.png")
    expect(console.locator("#history .entry.consultant", has_text=marker)).to_be_visible()
    screenshot(console, "console-conversation.png")

    console.click("details:has(#close-form) summary")
    console.check("input[name=outcome][value=first_aid]")
    console.click("#close")
    expect(console.locator("#notice")).to_have_text("Closed.")
    expect(chat.locator("#status")).to_contain_text("Консультант завершив розмову")
    if gaps:
        pytest.xfail("; ".join(gaps))


def _first_aid_arrives(chat: Page, gaps: list[str]) -> None:
    first_aid = chat.locator(".msg.first_aid")
    try:
        expect(first_aid).to_be_visible(timeout=10_000)
        screenshot(chat, "chat-first-aid.png")
    except AssertionError:
        gaps.append("triage sent no first-aid reply to the overdose message (classifier not finished)")


def _console_alerts(console: Page, item: object, gaps: list[str]) -> None:
    try:
        expect(console.locator(".queue-item.emergency").first).to_be_visible(timeout=5_000)
        expect(console.locator("#alert")).to_contain_text("Emergency")
    except AssertionError:
        gaps.append("the overdose message was not triaged as an emergency, so the console did not alert")


def _insert_referral(console: Page, gaps: list[str]) -> None:
    console.click("#referrals-tool > summary")
    console.fill("#referral-text", "Київ")
    console.click("#referral-search button[type=submit]")
    results = console.locator("#referral-results li")
    expect(results.first).to_be_visible()
    insert = console.locator("#referral-results button.insert").first
    if insert.count() == 0:
        expect(results.first).to_contain_text("not available")
        gaps.append("directory does not answer SearchHelpServices yet, so no referral was inserted")
        return
    insert.click()
    expect(console.locator("#reply-text")).not_to_have_value("")


def test_chat_speaks_the_browser_language_and_switches(browser: Browser, gateway: str) -> None:
    chat = open_chat(browser, gateway, locale="ru-RU")
    expect(chat.locator("#send")).to_have_text("Отправить")
    chat.click("button.lang[data-lang='en']")
    expect(chat.locator("#send")).to_have_text("Send")
    expect(chat.locator("html")).to_have_attribute("lang", "en")
    response = chat.request.get(f"{gateway}/")
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'self'" in policy
    assert response.headers["referrer-policy"] == "no-referrer"
    assert not chat.context.cookies(), "the web chat sets no cookie"
