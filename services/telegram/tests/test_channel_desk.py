"""Channel posts through the real bot (aiogram against the Bot API emulator) and a migrated
database: one post per delivery id, however often the gateway asks."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest_asyncio
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from peerline_shared.db import create_engine, session_factory, unit_of_work
from peerline_shared.events import DeleteChannelPost, EditChannelPost, PublishChannelPost, utc_now
from peerline_shared.migrations import upgrade_to_head
from peerline_telegram.bot.factory import make_bot
from peerline_telegram.channels.models import ChannelPostSent
from peerline_telegram.channels.service import ChannelDesk
from peerline_telegram.cli import MIGRATIONS, VERSION_TABLE
from peerline_testing.botapi import BotApiEmulator

CHANNEL = -1009001


@pytest_asyncio.fixture
async def sessions(tmp_path: Path) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'telegram.sqlite'}"
    await asyncio.to_thread(upgrade_to_head, MIGRATIONS, url, VERSION_TABLE)
    engine = create_engine(url)
    yield session_factory(engine)
    await engine.dispose()


async def test_publish_is_sent_once_per_delivery_and_edit_and_delete_reach_it(
    bot_api: BotApiEmulator, sessions: async_sessionmaker[AsyncSession]
) -> None:
    bot = make_bot("123:desk", bot_api.base_url)
    desk = ChannelDesk(bot=bot, sessions=sessions)
    command = PublishChannelPost(delivery_id=uuid.uuid4(), chat_id=str(CHANNEL), html="<b>Alert</b> text")
    try:
        first = await desk.publish(command)
        again = await desk.publish(command)  # the gateway restarted and asked again
        [call] = bot_api.calls_of("sendMessage", chat_id=CHANNEL)
        assert call.params["parse_mode"] == "HTML" and call.params["text"] == "<b>Alert</b> text"
        assert first.ok and again.ok and first.telegram_message_id == again.telegram_message_id
        assert first.telegram_message_id is not None

        edited = await desk.edit(
            EditChannelPost(
                delivery_id=command.delivery_id,
                chat_id=str(CHANNEL),
                telegram_message_id=first.telegram_message_id,
                html="<i>New</i>",
            )
        )
        [edit] = bot_api.calls_of("editMessageText", chat_id=CHANNEL)
        assert edited.ok and edit.params["message_id"] == first.telegram_message_id
        assert edit.params["text"] == "<i>New</i>"
        deleted = await desk.delete(
            DeleteChannelPost(
                delivery_id=command.delivery_id,
                chat_id=str(CHANNEL),
                telegram_message_id=first.telegram_message_id,
            )
        )
        assert deleted.ok and len(bot_api.calls_of("deleteMessage", chat_id=CHANNEL)) == 1
    finally:
        await bot.session.close()


async def test_a_publish_cut_off_mid_call_is_not_sent_again(
    bot_api: BotApiEmulator, sessions: async_sessionmaker[AsyncSession]
) -> None:
    """The adapter died after recording the delivery and before Telegram's answer was kept."""
    bot = make_bot("123:desk", bot_api.base_url)
    command = PublishChannelPost(delivery_id=uuid.uuid4(), chat_id=str(CHANNEL), html="text")
    async with unit_of_work(sessions) as session:
        session.add(
            ChannelPostSent(delivery_id=command.delivery_id, chat_id=command.chat_id, started_at=utc_now())
        )
    try:
        answer = await ChannelDesk(bot=bot, sessions=sessions).publish(command)
    finally:
        await bot.session.close()
    assert not answer.ok and answer.error == "uncertain"
    assert bot_api.calls_of("sendMessage") == []


async def test_a_refused_publish_can_be_tried_again(
    bot_api: BotApiEmulator, sessions: async_sessionmaker[AsyncSession]
) -> None:
    bot = make_bot("123:desk", bot_api.base_url)
    desk = ChannelDesk(bot=bot, sessions=sessions)
    command = PublishChannelPost(delivery_id=uuid.uuid4(), chat_id=str(CHANNEL), html="text")
    bot_api.fail("sendMessage", status=500, times=1)
    try:
        failed = await desk.publish(command)
        retried = await desk.publish(command)
    finally:
        await bot.session.close()
    assert not failed.ok and failed.error == "unavailable"
    assert retried.ok and len([c for c in bot_api.calls_of("sendMessage") if c.ok]) == 1
