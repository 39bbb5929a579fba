"""/start, the language choice, /help and /forget; groups; non-text messages."""

from __future__ import annotations

import sqlite3

import pytest

from peerline_telegram.settings import TelegramSettings
from peerline_testing.botapi import BotApiEmulator

from .test_polling import INBOUND, pseudonym

pytestmark = [pytest.mark.integration]


def map_rows(settings: TelegramSettings) -> list[tuple[str, bytes, str | None]]:
    path = settings.database_url.split("///", 1)[1]
    with sqlite3.connect(path) as db:
        return db.execute("SELECT client_id, chat_ciphertext, lang FROM telegram_identity").fetchall()


async def test_start_then_language_choice_is_remembered(
    adapter, bot_api: BotApiEmulator, make_settings
) -> None:
    user = bot_api.user(7002001, language_code="ru")
    bot_api.send_text(user, "/start")
    notice, keyboard = await bot_api.wait_for("sendMessage", count=2, chat_id=7002001)
    assert "Консультанты никогда не видят" in notice.params["text"]
    assert "103" in notice.params["text"] and "112" in notice.params["text"]
    buttons = keyboard.params["reply_markup"]["inline_keyboard"][0]
    assert [b["callback_data"] for b in buttons] == ["lang:uk", "lang:ru", "lang:en"]

    bot_api.press_button(user, "lang:en", message_id=5)
    await bot_api.wait_for("answerCallbackQuery")
    await bot_api.wait_for("editMessageReplyMarkup", message_id=5)
    await bot_api.wait_for("sendMessage", where=lambda c: "Language set" in c.params["text"])
    bot_api.send_text(user, "/help")
    await bot_api.wait_for("sendMessage", where=lambda c: "/forget" in c.params["text"]
                           and "erase" in c.params["text"])

    [(client_id, ciphertext, lang)] = map_rows(make_settings())
    assert client_id == pseudonym(7002001) and lang == "en"
    assert b"7002001" not in ciphertext, "the chat id is stored encrypted"


async def test_language_command_offers_the_keyboard(adapter, bot_api: BotApiEmulator) -> None:
    bot_api.send_text(bot_api.user(7002002, language_code="uk"), "/language")
    [call] = await bot_api.wait_for("sendMessage", chat_id=7002002)
    assert call.params["text"] == "Оберіть мову:" and call.params["reply_markup"]


async def test_forget_erases_the_map_entry_and_asks_for_erasure(
    adapter, bot_api: BotApiEmulator, tap, make_settings
) -> None:
    user = bot_api.user(7002003, language_code="en")
    bot_api.send_text(user, "/start")
    await bot_api.wait_for("sendMessage", count=2, chat_id=7002003)
    assert len(map_rows(make_settings())) == 1

    bot_api.send_text(user, "/forget")
    [request] = await tap.wait("helpline.client.erasure_requested",
                               client_id=pseudonym(7002003))
    assert request["channel"] == "telegram"
    await bot_api.wait_for("sendMessage", where=lambda c: c.params["text"].startswith("Done."))
    assert map_rows(make_settings()) == []


MEDIA = ["photo", "voice", "video", "video_note", "sticker", "document", "audio", "animation"]


@pytest.mark.parametrize("kind", MEDIA)
async def test_media_is_not_forwarded_and_the_client_is_told(
    adapter, bot_api: BotApiEmulator, tap, kind: str
) -> None:
    user_id = 7003000 + MEDIA.index(kind)
    bot_api.send_kind(bot_api.user(user_id, language_code="en"), kind)
    [call] = await bot_api.wait_for("sendMessage", chat_id=user_id)
    assert "only text messages work" in call.params["text"]
    assert tap.of(INBOUND, client_id=pseudonym(user_id)) == []


NEVER = [("location", "We do not pass on locations"), ("venue", "We do not pass on locations"),
         ("contact", "We do not pass on contacts")]


@pytest.mark.parametrize(("kind", "told"), NEVER)
async def test_location_and_contact_are_never_forwarded(
    adapter, bot_api: BotApiEmulator, tap, kind: str, told: str
) -> None:
    user_id = 7004000 + [k for k, _ in NEVER].index(kind)
    bot_api.send_kind(bot_api.user(user_id, language_code="en"), kind)
    [call] = await bot_api.wait_for("sendMessage", chat_id=user_id)
    assert call.params["text"].startswith(told)
    bot_api.send_text(bot_api.user(user_id), "after")
    await tap.wait(INBOUND, client_id=pseudonym(user_id))
    assert all("30.52" not in e["text"] and "+38067" not in e["text"] for e in tap.of(INBOUND))


async def test_a_group_is_told_once_then_ignored(adapter, bot_api: BotApiEmulator, tap) -> None:
    user = bot_api.user(7005001, language_code="en")
    bot_api.send_in_group(user, "hello everyone", group_id=-1007005)
    [call] = await bot_api.wait_for("sendMessage", chat_id=-1007005)
    assert "only in private chats" in call.params["text"]
    bot_api.send_in_group(user, "hello again", group_id=-1007005)
    bot_api.send_text(user, "now in private")
    await tap.wait(INBOUND, client_id=pseudonym(7005001))
    assert len(bot_api.calls_of("sendMessage", chat_id=-1007005)) == 1
    assert [e["text"] for e in tap.of(INBOUND, client_id=pseudonym(7005001))] == ["now in private"]
