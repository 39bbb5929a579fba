"""Self-help while a client waits, in the running system (every service a process, aiogram
talking to the Bot API emulator, the directory's starter articles):

a client asking about methadone abroad, in Russian, whom nobody has claimed yet, is offered the
matching articles in Russian under the queue notice, on Telegram and in the web chat; an
emergency's queue notice offers none (first aid comes first); /help in the bot opens the
library by topic down to one article in full."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from peerline_devtools.devstack import DEFAULT_PORTS, DevStack
from peerline_devtools.localservers import free_port_map
from peerline_shared.i18n import Catalogue
from peerline_testing.botapi import BotApiEmulator

from .support import ChatClient

pytestmark = [pytest.mark.e2e]

NOTICES = Catalogue.load("peerline_notifications")
HEADING_RU = NOTICES.get("selfhelp.heading", "ru")
ABROAD_RU = "Как продолжить ОЗТ, лечение ВИЧ и туберкулёза за границей"
ABROAD_EN = "Continuing OST, HIV and TB treatment abroad"
QUESTION = "Я уезжаю в Польшу, как мне там продолжить метадон? Боюсь остаться без программы."
EMERGENCY = "мой друг не дышит после метадона, губы синие"
CHAT_ID = 5550007001
FAST_QUEUE_NOTICE = {  # the queue notice after 2 s instead of a minute
    "PEERLINE_NOTIFICATIONS_QUEUE_NOTICE_AFTER_S": "2",
    "PEERLINE_NOTIFICATIONS_SLA_TICK_S": "0.5",
}


async def test_a_waiting_client_is_offered_articles_in_their_language_on_both_channels(
    tmp_path: Path) -> None:
    async with BotApiEmulator() as api:
        stack = DevStack(tmp_path / "system", free_port_map(DEFAULT_PORTS),
                         extra_env={**api.adapter_env("123:e2e-token"), **FAST_QUEUE_NOTICE})
        await asyncio.to_thread(stack.start)
        try:
            await telegram_client_waits(api)
            await web_client_waits(stack)
            await emergency_gets_no_articles(stack)
            await help_opens_the_library(api)
        finally:
            await asyncio.to_thread(stack.stop)


async def telegram_client_waits(api: BotApiEmulator) -> None:
    user = api.user(CHAT_ID, "Test", language_code="ru")
    api.send_text(user, "/start")
    await api.wait_for("sendMessage", count=2, chat_id=CHAT_ID, within_s=20)
    api.send_text(user, QUESTION)
    [notice] = await api.wait_for("sendMessage", chat_id=CHAT_ID, within_s=30,
                                  where=lambda call: HEADING_RU in call.params["text"])
    text = notice.params["text"]
    assert f"• {ABROAD_RU}" in text and "/help" in text
    assert ABROAD_EN not in text and text.count("• ") <= 3


async def web_client_waits(stack: DevStack) -> None:
    chat = ChatClient(stack.url("gateway"))
    try:
        await chat.connect(lang="ru")
        await chat.say(QUESTION)
        notice = await queue_notice(chat)
        assert HEADING_RU in notice["text"] and f"• {ABROAD_RU}" in notice["text"]
        assert NOTICES.get("selfhelp.read_more_web", "ru") in notice["text"]
    finally:
        await chat.close()


async def emergency_gets_no_articles(stack: DevStack) -> None:
    chat = ChatClient(stack.url("gateway"))
    try:
        await chat.connect(lang="ru")
        await chat.say(EMERGENCY)
        notice = await queue_notice(chat)
        assert any(frame.get("kind") == "first_aid" for frame in chat.frames)
        assert HEADING_RU not in notice["text"] and "•" not in notice["text"]
    finally:
        await chat.close()


async def help_opens_the_library(api: BotApiEmulator) -> None:
    user = api.user(CHAT_ID, "Test", language_code="ru")
    api.send_text(user, "/help")
    await api.wait_for("sendMessage", chat_id=CHAT_ID, within_s=20,
                                  where=lambda call: "reply_markup" in call.params
                                  and "lib:ost" in str(call.params["reply_markup"]))
    api.press_button(user, "lib:ost")
    [listing] = await api.wait_for("sendMessage", chat_id=CHAT_ID, within_s=20,
                                   where=lambda call: "art:" in str(call.params.get("reply_markup", "")))
    buttons = [b for row in listing.params["reply_markup"]["inline_keyboard"] for b in row]
    abroad = next(b for b in buttons if b["text"] == ABROAD_RU)
    api.press_button(user, abroad["callback_data"])
    [article] = await api.wait_for("sendMessage", chat_id=CHAT_ID, within_s=20,
                                   where=lambda call: call.params["text"].startswith(ABROAD_RU + "\n\n"))
    assert "Шенгенской" in article.params["text"]


async def queue_notice(chat: ChatClient) -> dict[str, Any]:
    for _ in range(10):
        frame = await chat.next_frame("message", timeout=30)
        if frame.get("kind") == "queue_notice":
            return frame
    raise AssertionError(f"no queue notice among {chat.frames}")
