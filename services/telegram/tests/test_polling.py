"""Long polling against the emulator: text in, scrubbed and pseudonymous, onto the bus."""

from __future__ import annotations

import pytest

from peerline_shared.privacy.pseudonym import client_pseudonym
from peerline_telegram import rules
from peerline_testing.botapi import BotApiEmulator

pytestmark = [pytest.mark.integration]
INBOUND = "helpline.inbound.telegram"


def pseudonym(user_id: int) -> str:
    from peerline_telegram.settings import TelegramSettings

    key = TelegramSettings().pseudonym_key.get_secret_value().encode()
    return client_pseudonym(key, "telegram", str(user_id))


async def test_text_is_scrubbed_pseudonymous_and_keyed_to_the_message(
    adapter, bot_api: BotApiEmulator, tap
) -> None:
    user = bot_api.user(7001001, "Olena", "Kovalenko", "olena_k", "uk")
    sent = bot_api.send_text(user, "Мені потрібен метадон, мій номер +380671234567")

    [event] = await tap.wait(INBOUND, client_id=pseudonym(7001001))
    assert event["channel"] == "telegram"
    assert "+380671234567" not in event["text"] and "метадон" in event["text"]
    assert event["redactions"].get("phone") == 1
    assert event["is_correction"] is False
    assert event["event_id"] == str(rules.inbound_event_id(event["client_id"], sent["message_id"]))
    flat = str(event)
    for private in ("7001001", "Olena", "Kovalenko", "olena_k"):
        assert private not in flat


async def test_first_message_without_start_gets_the_privacy_notice(
    adapter, bot_api: BotApiEmulator, tap
) -> None:
    bot_api.send_text(bot_api.user(7001002, language_code="en"), "hello, I need help")
    await tap.wait(INBOUND, client_id=pseudonym(7001002))
    calls = await bot_api.wait_for("sendMessage", count=2, chat_id=7001002)
    assert "Consultants never see who you are" in calls[0].params["text"]
    assert "inline_keyboard" in calls[1].params["reply_markup"]
