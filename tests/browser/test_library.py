"""The self-help library in the browser: the demo supervisor writes an article on the console's
library page (the starter articles show their "review before use" mark), then, in a client's
conversation, finds it beside the reply and inserts it; the web chat's link opens the library.
An editor, who never sees a conversation, reviews a starter article and retires another."""

from __future__ import annotations

import secrets

import pytest
from playwright.sync_api import Browser, expect

from peerline_devtools.devstack import DevStack

from .conftest import enrolled, new_context, open_chat, say, screenshot, sign_in_supervisor

pytestmark = [pytest.mark.browser, pytest.mark.e2e]


def test_a_supervisor_writes_an_article_and_inserts_it_into_a_reply(
    browser: Browser, gateway: str, system: DevStack
) -> None:
    console = new_context(browser).new_page()
    sign_in_supervisor(console, gateway, system)
    console.goto(f"{gateway}/console/library")
    expect(console.locator("#article-list .badge.example").first).to_be_visible()
    marker = secrets.token_hex(3).replace("0", "q")
    form = console.locator("#article-form")
    form.locator("select[name=lang]").select_option("en")
    form.locator("input[name=topics][value=ost]").check()
    form.locator("input[name=title]").fill(f"OST sites in Kharkiv {marker}")
    form.locator("textarea[name=summary]").fill("Where to continue OST in Kharkiv.")
    form.locator("textarea[name=body]").fill("Call the site before you go; bring your extract.")
    form.locator("button[type=submit]").click()
    expect(console.locator("#notice")).to_have_text("✓")
    expect(console.locator("#article-list tr", has_text=marker)).to_be_visible()
    screenshot(console, "console-library.png")

    chat = open_chat(browser, gateway, locale="en-GB")
    expect(chat.locator("#library-link")).to_have_attribute("href", "/library?lang=en")
    say(chat, f"Where can I continue methadone in Kharkiv? {marker}")
    console.goto(f"{gateway}/console")
    console.locator(".queue-item", has_text=marker).locator("button.open").click()
    console.click("#claim")
    console.click("#library-tool > summary")
    console.fill("#library-insert-text", marker)
    console.click("#library-insert-search button[type=submit]")
    console.locator("#library-insert-results li", has_text=marker).locator("button.insert-article").click()
    expect(console.locator("#reply-text")).to_have_value(
        f"OST sites in Kharkiv {marker}\n\nCall the site before you go; bring your extract.\n")

    chat.goto(f"{gateway}/library?lang=en&topic=ost")
    chat.locator("#articles a", has_text=marker).click()
    expect(chat.locator("#article h1")).to_have_text(f"OST sites in Kharkiv {marker}")


def test_an_editor_reviews_a_starter_article_and_sees_no_conversation(
    browser: Browser, gateway: str, system: DevStack
) -> None:
    editor = enrolled(browser, gateway, system, "Editor Oksana", role="editor")
    editor.goto(f"{gateway}/console/library")
    expect(editor.locator("nav.sections a[href='/console']")).to_have_count(0)
    example = editor.locator("#article-list tbody tr", has=editor.locator(".badge.example")).first
    expect(example).to_be_visible()
    example.locator("button.secondary").click()  # ✎: the form takes the article
    marker = secrets.token_hex(3).replace("0", "q")
    form = editor.locator("#article-form")
    form.locator("input[name=title]").fill(f"Reviewed by the organisation {marker}")
    form.locator("input[name=is_example]").uncheck()
    form.locator("button[type=submit]").click()
    expect(editor.locator("#notice")).to_have_text("✓")
    reviewed = editor.locator("#article-list tbody tr", has_text=marker)
    expect(reviewed).to_have_count(1)
    expect(reviewed.locator(".badge.example")).to_have_count(0)

    editor.on("dialog", lambda dialog: dialog.accept())
    reviewed.locator("button.danger").click()
    expect(editor.locator("#notice")).to_have_text("✓")
    expect(editor.locator("#article-list tbody tr", has_text=marker)).to_have_count(0)
    assert editor.request.get(f"{gateway}/console/api/queue").status == 403
