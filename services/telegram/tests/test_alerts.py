"""Alerts end to end inside the adapter: the /alerts flow, /stop and forget, the two-person
approval over signed NATS requests, and delivery through the emulator (filtered, once each)."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio
from fastapi import FastAPI

from peerline_devtools.localservers import NatsServer
from peerline_shared.actors import signed
from peerline_shared.bus import ActorNotVerified, NatsBus, publish_event, request
from peerline_shared.bus.connection import nats_servers
from peerline_shared.events import (
    ActiveAlertsListed,
    Actor,
    AlertsAuditVerified,
    AlertSaved,
    AlertsListed,
    AlertTexts,
    ApproveAlert,
    DraftAlert,
    ListActiveAlerts,
    ListAlerts,
    VerifyAlertsAudit,
    utc_now,
)
from peerline_shared.events import subjects as subj
from peerline_telegram.settings import TelegramSettings
from peerline_testing.botapi import BotApiEmulator

from .conftest import running
from .test_outbound import known_client, reply
from .test_polling import pseudonym

pytestmark = [pytest.mark.integration]
KEY = "actor-key-for-the-alert-tests-0123456789"
ANNA = Actor(consultant_id=uuid.uuid4(), alias="Anna", role="supervisor")
BORYS = Actor(consultant_id=uuid.uuid4(), alias="Borys", role="supervisor")
CARL = Actor(consultant_id=uuid.uuid4(), alias="Carl", role="consultant")


def rows(settings: TelegramSettings, query: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(settings.database_url.split("///", 1)[1]) as db:
        return db.execute(query).fetchall()


@pytest_asyncio.fixture
async def alerting(make_settings) -> AsyncIterator[tuple[FastAPI, TelegramSettings]]:
    settings = make_settings(actor_key=KEY, alert_rate_per_s=500.0, global_rate_per_s=500.0)
    async with running(__import__("peerline_telegram.main").main.create_app(settings)) as app:
        yield app, settings


@pytest_asyncio.fixture
async def console(nats_server: NatsServer) -> AsyncIterator[NatsBus]:
    bus = NatsBus(nats_servers(nats_server.url), client_name="pytest-as-gateway")
    await bus.connect()
    await bus.start()
    yield bus
    await bus.stop()


async def ask(bus: NatsBus, subject: str, command: Any, reply: type[Any]) -> Any:
    return await request(bus, subject, signed(command, KEY.encode(), utc_now()), reply, timeout=5)


async def subscribe(api: BotApiEmulator, user_id: int, lang: str, *buttons: str) -> None:
    user = api.user(user_id, language_code=lang)
    api.send_text(user, "/alerts")
    await api.wait_for("sendMessage", chat_id=user_id, where=lambda c: bool(c.params.get("reply_markup")))
    for data in buttons:
        api.press_button(user, data)
    await api.wait_for("sendMessage", chat_id=user_id, where=lambda c: "/stop" in c.params["text"])


async def test_alerts_flow_asks_country_then_oblast_and_stop_ends_it(
    alerting, bot_api: BotApiEmulator
) -> None:
    _, settings = alerting
    user = bot_api.user(7003001, language_code="uk")
    bot_api.send_text(user, "/alerts")
    [countries] = await bot_api.wait_for("sendMessage", chat_id=7003001)
    first_row = countries.params["reply_markup"]["inline_keyboard"][0]
    assert first_row[0] == {"text": "Україна", "callback_data": "alerts:c:UA"}

    bot_api.press_button(user, "alerts:c:UA")
    [_, oblasts] = await bot_api.wait_for("sendMessage", count=2, chat_id=7003001)
    data = [b["callback_data"] for row in oblasts.params["reply_markup"]["inline_keyboard"] for b in row]
    assert data[0] == "alerts:r:UA:*" and "alerts:r:UA:UA-46" in data

    bot_api.press_button(user, "alerts:r:UA:UA-46")
    await bot_api.wait_for("sendMessage", chat_id=7003001, where=lambda c: "Львівська" in c.params["text"])
    assert rows(settings, "SELECT client_id, country, region, lang FROM telegram_alert_subscription") == [
        (pseudonym(7003001), "UA", "UA-46", "uk")
    ]

    bot_api.send_text(user, "/stop")
    await bot_api.wait_for(
        "sendMessage",
        chat_id=7003001,
        where=lambda c: "/alerts" in c.params["text"] and "більше не буде" in c.params["text"],
    )
    assert rows(settings, "SELECT * FROM telegram_alert_subscription") == []


async def test_forget_removes_the_subscription(alerting, bot_api: BotApiEmulator) -> None:
    _, settings = alerting
    await subscribe(bot_api, 7003002, "en", "alerts:c:PL")
    assert len(rows(settings, "SELECT * FROM telegram_alert_subscription")) == 1
    bot_api.send_text(bot_api.user(7003002, language_code="en"), "/forget")
    await bot_api.wait_for("sendMessage", chat_id=7003002, where=lambda c: "erased" in c.params["text"])
    assert rows(settings, "SELECT * FROM telegram_alert_subscription") == []


async def test_alerts_are_offered_once_on_the_first_reply_that_asks_nothing_else(
    alerting, bot_api: BotApiEmulator, tap, nats_bus
) -> None:
    """The first reply carries the question of where the client is (/place); the alerts offer
    waits for the next reply, and comes once."""
    client_id = await known_client(bot_api, tap, 7003021)
    for text in ("Добрий день!", "Ще одне питання?", "І третє."):
        await publish_event(nats_bus, reply(client_id, text), subj.outbound("telegram"))
        await bot_api.wait_for("sendMessage", chat_id=7003021, where=lambda c, t=text: t in c.params["text"])
    offers = await bot_api.wait_for(
        "sendMessage", chat_id=7003021, where=lambda c: "alerts:offer" in str(c.params.get("reply_markup"))
    )
    assert len(offers) == 1 and "небезпечні партії" in offers[0].params["text"]
    sent = [c.params["text"] for c in bot_api.calls_of("sendMessage", chat_id=7003021)]
    place_question = next(
        i
        for i, c in enumerate(bot_api.calls_of("sendMessage", chat_id=7003021))
        if "place:" in str(c.params.get("reply_markup"))
    )
    assert sent.index(offers[0].params["text"]) > place_question, (
        "not on the same reply as the place question"
    )
    assert len(sent) == 7, "notice, language keyboard, 3 replies, the place question, the alerts offer"


async def test_alerts_reuse_the_place_the_client_gave(alerting, bot_api: BotApiEmulator) -> None:
    _, settings = alerting
    user = bot_api.user(7003031, language_code="uk")
    bot_api.send_text(user, "/place")
    await bot_api.wait_for("sendMessage", chat_id=7003031, where=lambda c: bool(c.params.get("reply_markup")))
    bot_api.press_button(user, "place:UA-46")
    await bot_api.wait_for("sendMessage", chat_id=7003031, where=lambda c: "Львівська" in c.params["text"])
    bot_api.send_text(user, "/alerts")
    await bot_api.wait_for("sendMessage", chat_id=7003031, where=lambda c: "/stop" in c.params["text"])
    assert rows(settings, "SELECT country, region, lang FROM telegram_alert_subscription") == [
        ("UA", "UA-46", "uk")
    ]


async def test_one_person_cannot_send_an_alert_and_two_reach_exactly_the_audience(
    alerting, bot_api: BotApiEmulator, console: NatsBus
) -> None:
    _, settings = alerting
    await subscribe(bot_api, 7003011, "uk", "alerts:c:UA", "alerts:r:UA:UA-46")  # Lviv, uk: yes
    await subscribe(bot_api, 7003012, "ru", "alerts:c:UA", "alerts:r:UA:*")  # all Ukraine, ru: yes
    await subscribe(bot_api, 7003013, "uk", "alerts:c:UA", "alerts:r:UA:UA-51")  # Odesa: no
    await subscribe(bot_api, 7003014, "en", "alerts:c:UA", "alerts:r:UA:UA-46")  # English: no text
    await subscribe(bot_api, 7003015, "uk", "alerts:c:PL")  # Poland: no

    texts = AlertTexts(
        uk="Увага: у Львові героїн з домішкою нітазенів.", ru="Внимание: во Львове героин с нитазенами."
    )
    draft = await ask(
        console,
        subj.RPC_TELEGRAM_ALERTS_DRAFT,
        DraftAlert(actor=ANNA, country="UA", region="UA-46", texts=texts),
        AlertSaved,
    )
    assert draft.error is None and draft.alert.status == "draft"
    alert_id = draft.alert.alert_id

    own = await ask(
        console, subj.RPC_TELEGRAM_ALERTS_APPROVE, ApproveAlert(actor=ANNA, alert_id=alert_id), AlertSaved
    )
    assert own.error == "same_person"
    by_consultant = await ask(
        console, subj.RPC_TELEGRAM_ALERTS_APPROVE, ApproveAlert(actor=CARL, alert_id=alert_id), AlertSaved
    )
    assert by_consultant.error == "forbidden"
    with pytest.raises(ActorNotVerified):  # a forged approval without the gateway's signature
        await request(
            console,
            subj.RPC_TELEGRAM_ALERTS_APPROVE,
            ApproveAlert(actor=BORYS, alert_id=alert_id),
            AlertSaved,
            timeout=5,
        )
    assert not [c for c in bot_api.calls_of("sendMessage") if "нітазен" in c.params["text"]]

    approved = await ask(
        console, subj.RPC_TELEGRAM_ALERTS_APPROVE, ApproveAlert(actor=BORYS, alert_id=alert_id), AlertSaved
    )
    assert approved.error is None and approved.alert.progress.total == 2

    await bot_api.wait_for("sendMessage", chat_id=7003011, where=lambda c: "нітазен" in c.params["text"])
    await bot_api.wait_for("sendMessage", chat_id=7003012, where=lambda c: "нитазен" in c.params["text"])
    listed = await _finished(console, alert_id)
    assert (listed.progress.sent, listed.progress.failed, listed.progress.remaining) == (2, 0, 0)
    assert listed.approved_by == "Borys" and listed.drafted_by == "Anna"
    for chat in (7003013, 7003014, 7003015):
        assert not [t for t in bot_api.texts_to(chat) if "нітазен" in t or "нитазен" in t]
    for chat in (7003011, 7003012):
        assert len([t for t in bot_api.texts_to(chat) if "нітазен" in t or "нитазен" in t]) == 1
    audit = rows(settings, "SELECT action, actor_alias FROM telegram_alert_audit ORDER BY id")
    assert audit == [("drafted", "Anna"), ("approved", "Borys"), ("finished", "system")]

    active = await request(console, subj.RPC_TELEGRAM_ALERTS_ACTIVE, ListActiveAlerts(), ActiveAlertsListed)
    assert [(a.country, a.region) for a in active.alerts] == [("UA", "UA-46")]


async def _finished(console: NatsBus, alert_id: uuid.UUID) -> Any:
    import asyncio

    for _ in range(100):
        listed = await ask(console, subj.RPC_TELEGRAM_ALERTS_LIST, ListAlerts(actor=BORYS), AlertsListed)
        [shown] = [a for a in listed.alerts if a.alert_id == alert_id]
        if shown.status == "sent":
            return shown
        await asyncio.sleep(0.1)
    raise AssertionError(f"alert not finished: {shown}")


async def _audit_state(console: NatsBus, actor: Actor) -> Any:
    query = VerifyAlertsAudit(actor=actor)
    return await ask(console, subj.RPC_TELEGRAM_ALERTS_AUDIT, query, AlertsAuditVerified)


async def test_the_console_reads_the_audit_chain_state_and_sees_an_edit(alerting, console: NatsBus) -> None:
    _, settings = alerting
    draft = DraftAlert(actor=ANNA, country="UA", texts=AlertTexts(uk="Увага: нітазени"))
    assert (await ask(console, subj.RPC_TELEGRAM_ALERTS_DRAFT, draft, AlertSaved)).error is None
    state = await _audit_state(console, BORYS)
    assert (state.error, state.chain_ok, state.problems) == (None, True, ())
    assert state.records == len(rows(settings, "SELECT id FROM telegram_alert_audit")) >= 1

    refused = await _audit_state(console, CARL)
    assert (refused.error, refused.records) == ("forbidden", 0)

    with sqlite3.connect(settings.database_url.split("///", 1)[1]) as db:
        db.execute("UPDATE telegram_alert_audit SET actor_alias = 'Mallory' "
                   "WHERE id = (SELECT max(id) FROM telegram_alert_audit)")
    broken = await _audit_state(console, BORYS)
    assert not broken.chain_ok and broken.records == state.records
    assert [problem.split(": ")[1] for problem in broken.problems] == ["edited"]
