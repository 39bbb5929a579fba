"""The channel posts page: a supervisor adds a channel, writes a post with the bold button,
sees the preview as Telegram will show it, schedules it, edits it; the audit lists both.
(Sending to Telegram is tests/e2e/test_channel_posts.py: this stack runs no bot.)"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import Browser, expect

from peerline_devtools.devstack import DevStack

from .conftest import new_context, screenshot, sign_in_supervisor

pytestmark = [pytest.mark.browser, pytest.mark.e2e]


def test_supervisor_writes_previews_schedules_and_edits_a_post(
    browser: Browser, gateway: str, system: DevStack
) -> None:
    page = new_context(browser).new_page()
    sign_in_supervisor(page, gateway, system)
    page.click("nav.sections a[href='/console/posts']")
    page.wait_for_url(f"{gateway}/console/posts")

    title = f"Channel {secrets.token_hex(2)}"
    channels = page.locator("#channel-form")
    channels.locator("input[name=chat_id]").fill("@peerline_test_" + secrets.token_hex(2))
    channels.locator("input[name=title]").fill(title)
    channels.locator("button[type=submit]").click()
    expect(page.locator("#post-channels label", has_text=title)).to_have_count(1)

    form = page.locator("#post-form")
    text = form.locator("textarea[name=text]")
    text.fill("Naloxone saves lives")
    text.evaluate("box => box.setSelectionRange(0, 8)")
    form.locator("button[data-wrap=b]").click()
    text.press("End")
    text.type(" <script>alert(1)</script>")
    expect(page.locator("#post-preview b")).to_have_text("Naloxone")
    expect(page.locator("#post-preview")).to_have_text("Naloxone saves lives")
    expect(page.locator("#post-preview script")).to_have_count(0)

    form.locator("input[name=title]").fill("Awareness day")
    form.locator("#post-channels label", has_text=title).locator("input").check()
    later = (datetime.now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    form.locator("input[name=publish_at]").fill(later)
    form.locator("button[type=submit]").click()
    row = page.locator("#post-list tbody tr", has_text="Awareness day")
    expect(row).to_contain_text("scheduled")
    expect(row).to_contain_text(f"{title}: pending")
    screenshot(page, "console-channel-posts.png")

    row.locator("button", has_text="Edit").click()
    expect(form.locator("input[name=publish_at]")).to_have_value(later)  # kept, not "now"
    text.fill("<i>Naloxone</i> saves lives, every day")
    form.locator("#post-channels label", has_text=title).locator("input").check()
    form.locator("button[type=submit]").click()
    edited = page.locator("#post-list tbody tr", has_text="Awareness day")
    expect(edited).to_contain_text("every day")
    expect(edited).to_contain_text("scheduled")
    audit = page.locator("#audit-list")
    expect(audit).to_contain_text("post.edited")
    expect(audit).to_contain_text("post.created")
    expect(page.locator("#audit-chain")).to_have_text("Audit chain intact")
