"""A bad-batch alert to 5,000 subscribers, filtered by oblast and language, survives a
`kill -9` of the Telegram adapter half-way: after the restart nobody gets it twice, and
everyone in its audience gets it, except at most the one delivery that was in flight at the
kill (`uncertain`: maybe sent, never sent again; the console shows it).

The adapter runs as its own process against the Bot API emulator, real NATS and Redis, SQLite.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from peerline_devtools.localservers import NatsServer, RedisServer
from peerline_shared.actors import signed
from peerline_shared.bus import NatsBus, request
from peerline_shared.bus.connection import nats_servers
from peerline_shared.events import (
    AlertSaved,
    AlertsListed,
    AlertTexts,
    ApproveAlert,
    DraftAlert,
    ListAlerts,
    utc_now,
)
from peerline_shared.events import subjects as subj
from peerline_shared.migrations import upgrade_to_head
from peerline_telegram.alerts.domain import Place
from peerline_telegram.cli import MIGRATIONS, VERSION_TABLE
from peerline_testing.botapi import ApiCall, BotApiEmulator

from .alerting import ACTOR_KEY, ANNA, BORYS, AlertingAdapter, Subscriber, received, seed

# Its own waits bound it (half the audience within 300 s, the rest within 600 s); the suite's
# 180 s per test cut it short on a loaded machine, before the kill.
pytestmark = [pytest.mark.chaos, pytest.mark.e2e, pytest.mark.timeout(1200)]

UK_TEXT = "Увага, Львів: «героїн» з нітазенами, тримайте налоксон поруч."
RU_TEXT = "Внимание, Львов: «героин» с нитазенами, держите налоксон рядом."
MARKERS = ("нітазен", "нитазен")
AUDIENCE = 5000


def subscribers() -> tuple[list[Subscriber], list[Subscriber]]:
    """5,000 in the audience (Lviv oblast or all of Ukraine, uk or ru) and 1,000 outside it."""
    chat = iter(range(800_000_001, 800_100_000))
    audience = [Subscriber(next(chat), Place("UA", "UA-46"), ("uk", "ru")[n % 2]) for n in range(4000)]
    audience += [Subscriber(next(chat), Place("UA", None), ("uk", "ru")[n % 2]) for n in range(1000)]
    outside = [Subscriber(next(chat), Place("UA", "UA-51"), "uk") for _ in range(500)]
    outside += [Subscriber(next(chat), Place("UA", "UA-46"), "en") for _ in range(300)]  # no English text
    outside += [Subscriber(next(chat), Place("PL", None), "ru") for _ in range(200)]
    return audience, outside


@pytest_asyncio.fixture
async def console(nats_server: NatsServer) -> AsyncIterator[NatsBus]:
    bus = NatsBus(nats_servers(nats_server.url), client_name="pytest-as-gateway")
    await bus.connect()
    await bus.start()
    yield bus
    await bus.stop()


async def ask(bus: NatsBus, subject: str, command: Any, reply: type[Any]) -> Any:
    return await request(bus, subject, signed(command, ACTOR_KEY.encode(), utc_now()), reply, timeout=10)


def alert_calls(api: BotApiEmulator) -> list[tuple[int, str]]:
    return [(int(c.params["chat_id"]), str(c.params.get("text", ""))) for c in api.calls if is_alert(c)]


def is_alert(call: ApiCall) -> bool:
    text = str(call.params.get("text", ""))
    return call.ok and call.method == "sendMessage" and any(m in text for m in MARKERS)


async def test_an_alert_reaches_5000_subscribers_once_across_a_kill_9(
    nats_server: NatsServer, redis_server: RedisServer, tmp_path: Path, console: NatsBus
) -> None:
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'telegram.sqlite'}"
    await asyncio.to_thread(upgrade_to_head, MIGRATIONS, database_url, VERSION_TABLE)
    audience, outside = subscribers()
    await seed(database_url, audience + outside)

    async with BotApiEmulator() as api:
        adapter = AlertingAdapter.configure(
            nats_url=nats_server.url,
            redis_url=redis_server.url,
            database_url=database_url,
            api_base_url=api.base_url,
            log_dir=tmp_path / "logs",
            rate_per_s=1000.0,
        )
        await adapter.start()
        try:
            alert_id = await draft_and_approve(console)
            await alerts_answered(api, AUDIENCE // 2, within_s=300)
            adapter.kill9()
            at_kill = len(alert_calls(api))
            await adapter.start()
            shown = await finished(console, alert_id, within_s=600)
        finally:
            adapter.stop()
        calls = alert_calls(api)

    counts = received(calls, MARKERS[0]) + received(calls, MARKERS[1])
    audience_chats = {each.chat_id for each in audience}
    assert AUDIENCE // 2 <= at_kill < AUDIENCE, "the kill landed half-way"
    assert max(counts.values()) == 1, "nobody got the alert twice"
    assert not set(counts) - audience_chats, "nobody outside the oblast or the languages got it"
    progress = shown.progress
    assert (progress.total, progress.failed, progress.remaining) == (AUDIENCE, 0, 0)
    assert progress.uncertain <= 1, "at most the one delivery in flight at the kill is uncertain"
    assert progress.sent + progress.uncertain == AUDIENCE
    assert len(counts) >= AUDIENCE - progress.uncertain, "everyone else in the audience got it"
    by_chat = {each.chat_id: each.lang for each in audience}
    for chat, text in calls:
        assert (UK_TEXT if by_chat[chat] == "uk" else RU_TEXT) == text, "each in their own language"


async def draft_and_approve(console: NatsBus) -> Any:
    texts = AlertTexts(uk=UK_TEXT, ru=RU_TEXT)
    draft = await ask(
        console,
        subj.RPC_TELEGRAM_ALERTS_DRAFT,
        DraftAlert(actor=ANNA, country="UA", region="UA-46", texts=texts),
        AlertSaved,
    )
    assert draft.error is None, draft
    alone = await ask(
        console,
        subj.RPC_TELEGRAM_ALERTS_APPROVE,
        ApproveAlert(actor=ANNA, alert_id=draft.alert.alert_id),
        AlertSaved,
    )
    assert alone.error == "same_person"
    approved = await ask(
        console,
        subj.RPC_TELEGRAM_ALERTS_APPROVE,
        ApproveAlert(actor=BORYS, alert_id=draft.alert.alert_id),
        AlertSaved,
    )
    assert approved.error is None and approved.alert.progress.total == AUDIENCE, approved
    return draft.alert.alert_id


async def alerts_answered(api: BotApiEmulator, count: int, within_s: float) -> None:
    """Until `count` alerts were answered. Each look counts only the calls answered since the
    last (the emulator shares this loop: rescanning thousands of calls every few milliseconds
    slowed its answers)."""
    deadline = asyncio.get_running_loop().time() + within_s
    looked, found = 0, 0
    while found < count:
        new = api.calls[looked:]
        # Up to the first call still being answered (a long poll): the rest at the next look.
        answered = new[: next((n for n, call in enumerate(new) if call.status == 0), len(new))]
        looked += len(answered)
        found += sum(1 for call in answered if is_alert(call))
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"{found} of {count} alerts in {within_s} s")
        await asyncio.sleep(0.02)


async def finished(console: NatsBus, alert_id: Any, within_s: float) -> Any:
    deadline = asyncio.get_running_loop().time() + within_s
    while True:
        listed = await ask(console, subj.RPC_TELEGRAM_ALERTS_LIST, ListAlerts(actor=BORYS), AlertsListed)
        [shown] = [a for a in listed.alerts if a.alert_id == alert_id]
        if shown.status == "sent":
            return shown
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"not finished: {shown.progress}")
        await asyncio.sleep(0.5)
