"""Alerts are sent by one replica, the holder of the lease: with two adapters on one database,
only the leader looks for approved alerts; when it stops, the other takes over and sends."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
import pytest_asyncio
from fastapi import FastAPI

from peerline_devtools.localservers import NatsServer
from peerline_shared.bus import NatsBus
from peerline_shared.bus.connection import nats_servers
from peerline_shared.db import create_engine, session_factory, unit_of_work
from peerline_shared.events import AlertSaved, AlertTexts, ApproveAlert, DraftAlert
from peerline_shared.events import subjects as subj
from peerline_telegram.alerts import service as alerts
from peerline_telegram.alerts.delivery import AlertDispatcher
from peerline_telegram.alerts.domain import Place
from peerline_telegram.identity import service as identity
from peerline_telegram.identity.crypto import ChatIdCipher
from peerline_telegram.main import create_app
from peerline_telegram.settings import TelegramSettings
from peerline_testing.botapi import BotApiEmulator

from .conftest import running
from .test_alerts import ANNA, BORYS, KEY, ask
from .test_polling import pseudonym

pytestmark = [pytest.mark.integration]
CHATS = (7004001, 7004002)


@pytest_asyncio.fixture
async def console(nats_server: NatsServer) -> AsyncIterator[NatsBus]:
    bus = NatsBus(nats_servers(nats_server.url), client_name="pytest-as-gateway")
    await bus.connect()
    await bus.start()
    yield bus
    await bus.stop()


async def _subscribe(settings: TelegramSettings) -> None:
    engine = create_engine(settings.database_url)
    cipher = ChatIdCipher(settings.map_key.get_secret_value())
    try:
        async with unit_of_work(session_factory(engine)) as session:
            for chat_id in CHATS:
                client_id = pseudonym(chat_id)
                await identity.remember(session, cipher, client_id=client_id, chat_id=chat_id)
                await alerts.subscribe(session, client_id=client_id, place=Place("UA", None), lang="uk")
    finally:
        await engine.dispose()


def _count_rounds(app: FastAPI) -> list[int]:
    """How many times this replica's dispatcher looked for alerts to send."""
    dispatcher = app.state.runtime.provided("alerts", AlertDispatcher)
    rounds, send_due = [0], dispatcher.send_due

    async def counted() -> bool:
        rounds[0] += 1
        return await send_due()

    dispatcher.send_due = counted  # type: ignore[method-assign]
    return rounds


async def _until(done: Callable[[], bool], within_s: float = 30.0) -> None:
    for _ in range(int(within_s / 0.05)):
        if done():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("not within the time allowed")


async def _send(console: NatsBus, api: BotApiEmulator, text: str) -> None:
    command = DraftAlert(actor=ANNA, country="UA", region=None, texts=AlertTexts(uk=text))
    draft = await ask(console, subj.RPC_TELEGRAM_ALERTS_DRAFT, command, AlertSaved)
    approved = await ask(console, subj.RPC_TELEGRAM_ALERTS_APPROVE,
                         ApproveAlert(actor=BORYS, alert_id=draft.alert.alert_id), AlertSaved)
    assert approved.error is None and approved.alert.progress.total == len(CHATS)
    for chat_id in CHATS:
        await api.wait_for("sendMessage", chat_id=chat_id, where=lambda c: text in c.params["text"])


async def test_only_the_leader_sends_and_the_other_replica_takes_over(
    make_settings: Callable[..., TelegramSettings], bot_api: BotApiEmulator, console: NatsBus
) -> None:
    common: dict[str, Any] = {"actor_key": KEY, "alert_rate_per_s": 500.0, "leader_lease_s": 3.0}
    first_settings = make_settings(**common)
    await _subscribe(first_settings)
    apps = [create_app(first_settings), create_app(make_settings(update_mode="webhook", **common))]
    stacks = [contextlib.AsyncExitStack() for _ in apps]
    try:
        for stack, app in zip(stacks, apps, strict=True):
            await stack.enter_async_context(running(app))
        rounds = [_count_rounds(app) for app in apps]
        await _until(lambda: max(rounds[0][0], rounds[1][0]) >= 3)
        leader = 0 if rounds[0][0] else 1
        assert rounds[1 - leader][0] == 0, "the replica without the lease does not poll"

        await _send(console, bot_api, "Перше попередження")
        await stacks[leader].aclose()  # an orderly stop releases the lease at once
        await _until(lambda: rounds[1 - leader][0] >= 1)
        await _send(console, bot_api, "Друге попередження")
        for chat_id in CHATS:
            texts = bot_api.texts_to(chat_id)
            assert [t.count("попередження") for t in texts if "попередження" in t] == [1, 1], texts
    finally:
        for stack in stacks:
            await stack.aclose()
