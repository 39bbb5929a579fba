"""Where the client is, in the web chat: asked once after the first reply (a small picker that
can be skipped), sent with the next messages, and first aid then quotes that country's numbers."""

from __future__ import annotations

import secrets

import pytest
from playwright.sync_api import Browser, expect

from peerline_devtools.devstack import DevStack

from .conftest import new_context, open_chat, say, screenshot, sign_in_supervisor

pytestmark = [pytest.mark.browser, pytest.mark.e2e]


def test_a_client_in_poland_says_so_after_the_first_reply_and_first_aid_quotes_polish_numbers(
    browser: Browser, gateway: str, system: DevStack
) -> None:
    console = new_context(browser).new_page()
    sign_in_supervisor(console, gateway, system)
    chat = open_chat(browser, gateway)
    picker = chat.locator("#place")
    marker = secrets.token_hex(3).replace("0", "q")
    say(chat, f"Привіт, підкажіть про замісну терапію за кордоном. {marker}")

    item = console.locator(".queue-item", has_text=marker)
    item.locator("button.open").click()
    expect(picker).to_be_hidden()  # never before a reply
    console.click("#claim")
    console.locator("#reply-text").press_sequentially(f"Добрий день, допоможемо. {marker}", delay=0)
    console.click("#send-reply")
    expect(chat.locator(".msg.consultant", has_text=marker)).to_be_visible()

    expect(picker).to_be_visible()
    expect(picker).to_be_in_viewport()  # below the reply, above the composer: seen, not scrolled past
    chat.select_option("#place-country", "PL")
    # Quick exit stays whole on a phone however many links the page gains (one once pushed it off).
    expect(chat.locator("#quick-exit")).to_be_in_viewport(ratio=1)
    screenshot(chat, "chat-place.png")
    expect(chat.locator("#place-region")).to_be_hidden()  # oblasts only for Ukraine
    chat.click("#place-save")
    expect(picker).to_be_hidden()
    expect(chat.locator("#call-ambulance")).to_have_attribute("href", "tel:999")
    expect(chat.locator("#call-ambulance")).to_have_text("Швидка 999")

    say(chat, f"Допоможіть, мій друг передознувся героїном, не дихає, губи сині. {marker}")
    expect(chat.locator(".msg.first_aid").last).to_contain_text("Викличте швидку: 999 або 112 (Польща).")

    chat.click("#place-change")  # changeable: back in Lviv
    chat.select_option("#place-country", "UA")
    chat.select_option("#place-region", "UA-46")
    chat.click("#place-save")
    expect(chat.locator(".msg.status-note").last).to_contain_text("Львівська область, Україна")
    expect(chat.locator("#call-ambulance")).to_have_attribute("href", "tel:103")
