"""Consultants' own Telegram: `/link CODE` and `/unlink` through a stand-in directory on real
NATS, and notices as DMs carrying nothing about the client; a failed DM is given up."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import nats
import pytest
import pytest_asyncio

from peerline_devtools.localservers import NatsServer
from peerline_shared.bus import publish_event
from peerline_shared.events import (
    CommandResult,
    ConsultantNotified,
    FindTelegramRecipients,
    LinkTelegram,
    TelegramLinked,
    TelegramRecipient,
    TelegramRecipientsFound,
    UnlinkTelegram,
    decode,
    encode,
    utc_now,
)
from peerline_shared.events import subjects as subj
from peerline_telegram.consultants.service import DM_FAILED
from peerline_testing.botapi import BotApiEmulator

from .test_polling import INBOUND

pytestmark = [pytest.mark.integration]
CONSULTANT = uuid.uuid4()
USER = 8008001


class StandInDirectory:
    """Answers the adapter's directory requests the way the directory would."""

    def __init__(self) -> None:
        self.requests: list[Any] = []
        self.codes = {"ABCD2345": "Olena"}
        self.linked: dict[str, uuid.UUID] = {}

    async def answer(self, message: Any) -> None:
        if message.subject == subj.RPC_DIRECTORY_TELEGRAM_LINK:
            link = decode(LinkTelegram, message.data)
            self.requests.append(link)
            alias = self.codes.pop(link.code, None)
            if alias:
                self.linked[link.telegram_user_id] = CONSULTANT
            reply: Any = TelegramLinked(ok=alias is not None, alias=alias,
                                        error=None if alias else "code_unknown")
        elif message.subject == subj.RPC_DIRECTORY_TELEGRAM_UNLINK:
            unlink = decode(UnlinkTelegram, message.data)
            reply = CommandResult(ok=self.linked.pop(unlink.telegram_user_id, None) is not None)
        else:
            query = decode(FindTelegramRecipients, message.data)
            self.requests.append(query)
            reply = TelegramRecipientsFound(recipients=tuple(
                TelegramRecipient(consultant_id=consultant, telegram_user_id=user, lang="en")
                for user, consultant in self.linked.items() if consultant in query.consultant_ids))
        await message.respond(encode(reply))


@pytest_asyncio.fixture
async def directory(nats_server: NatsServer) -> AsyncIterator[StandInDirectory]:
    stand_in = StandInDirectory()
    client = await nats.connect(nats_server.url)
    await client.subscribe("helpline.rpc.directory.telegram.*", cb=stand_in.answer)
    yield stand_in
    await client.drain()


def emergency(**fields: Any) -> ConsultantNotified:
    return ConsultantNotified(
        consultant_ids=(CONSULTANT,), kind="emergency", conversation_id=uuid.uuid4(), urgency="emergency",
        topics=("overdose",), lang="uk", waiting_since=utc_now() - timedelta(minutes=3),
        summary="emergency: claim it or make sure someone has", **fields)


async def test_a_consultant_links_gets_dms_and_unlinks(
    adapter, bot_api: BotApiEmulator, directory: StandInDirectory, tap, nats_bus
) -> None:
    bot_api.send_text(bot_api.user(USER), "/link abcd-2345")
    await bot_api.wait_for("sendMessage", chat_id=USER)
    assert "Olena" in bot_api.texts_to(USER)[0]
    assert directory.requests[0].code == "ABCD2345"

    notice = emergency()
    await publish_event(nats_bus, notice, subj.CONSULTANT_NOTIFIED)
    await bot_api.wait_for("sendMessage", count=2, chat_id=USER)
    dm = bot_api.texts_to(USER)[1]
    assert "EMERGENCY" in dm and "overdose" in dm and "Waiting: 3 min" in dm
    assert f"#conversation={notice.conversation_id}" in dm
    assert notice.summary not in dm  # only the notice's fields, never free text

    bot_api.send_text(bot_api.user(USER), "/unlink")
    await bot_api.wait_for("sendMessage", count=3, chat_id=USER)
    assert "Відв'язано" in bot_api.texts_to(USER)[2]  # the user's Telegram language (none: uk)
    assert not tap.of(INBOUND)  # neither command went on as a client's message


async def test_a_wrong_code_is_refused_and_kinds_without_dm_ask_nobody(
    adapter, bot_api: BotApiEmulator, directory: StandInDirectory, nats_bus
) -> None:
    bot_api.send_text(bot_api.user(USER + 1), "/link WXYZ2345")
    bot_api.send_text(bot_api.user(USER + 1), "/link")
    await bot_api.wait_for("sendMessage", count=2, chat_id=USER + 1)
    refused, usage = bot_api.texts_to(USER + 1)
    assert "вже використаний" in refused and "/link ABCD2345" in usage
    await publish_event(nats_bus, emergency().model_copy(update={"kind": "taken"}), subj.CONSULTANT_NOTIFIED)
    await asyncio.sleep(0.5)
    assert not [r for r in directory.requests if isinstance(r, FindTelegramRecipients)]


async def test_a_dm_that_telegram_refuses_is_counted_and_given_up(
    adapter, bot_api: BotApiEmulator, directory: StandInDirectory, nats_bus
) -> None:
    directory.linked[str(USER + 2)] = CONSULTANT
    bot_api.block(USER + 2)
    before = DM_FAILED.labels("bot_blocked")._value.get()
    await publish_event(nats_bus, emergency(), subj.CONSULTANT_NOTIFIED)
    for _ in range(200):
        if DM_FAILED.labels("bot_blocked")._value.get() > before:
            break
        await asyncio.sleep(0.05)
    assert DM_FAILED.labels("bot_blocked")._value.get() == before + 1
    await asyncio.sleep(1.0)
    assert len(bot_api.calls_of("sendMessage", chat_id=USER + 2)) == 1  # never retried
