"""Webhook mode: the secret header is checked in constant time; bad bodies never stop the rest."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import orjson
import pytest
import pytest_asyncio
import uvicorn
from fastapi import FastAPI

from peerline_devtools.localservers import free_port
from peerline_telegram.bot.webhook import SECRET_HEADER, secret_matches
from peerline_telegram.main import create_app
from peerline_testing.botapi import BotApiEmulator

from .conftest import WEBHOOK_SECRET, running
from .test_polling import INBOUND, pseudonym

pytestmark = [pytest.mark.integration]
PATH = "/telegram/webhook"


@pytest_asyncio.fixture
async def webhook_app(make_settings) -> AsyncIterator[FastAPI]:
    async with running(create_app(make_settings(update_mode="webhook"))) as app:
        yield app


def post(app: FastAPI, body: bytes, secret: str | None = WEBHOOK_SECRET) -> httpx.Response:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers[SECRET_HEADER] = secret

    async def send() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://adapter") as client:
            return await client.post(PATH, content=body, headers=headers)

    return send()  # type: ignore[return-value]


def update(bot_api: BotApiEmulator, user_id: int, text: str) -> bytes:
    number = bot_api.next_update_id()
    bot_api.feed_raw(b"", number)  # only to advance the emulator's counter
    return orjson.dumps({"update_id": number,
                         "message": bot_api.message(bot_api.user(user_id), text=text)})


def test_secret_comparison() -> None:
    assert secret_matches("abc", "abc")
    assert not secret_matches("abd", "abc")
    assert not secret_matches(None, "abc") and not secret_matches("", "")


async def test_the_webhook_is_registered_with_the_secret(webhook_app, bot_api) -> None:
    [call] = await bot_api.wait_for("setWebhook")
    assert call.params["secret_token"] == WEBHOOK_SECRET
    assert call.params["url"].endswith(PATH)
    assert "message" in call.params["allowed_updates"]


@pytest.mark.parametrize("secret", [None, "", "forged-secret", WEBHOOK_SECRET + "x"])
async def test_a_missing_or_forged_secret_is_refused(webhook_app, bot_api, tap, secret) -> None:
    response = await post(webhook_app, update(bot_api, 7008001, "hello"), secret)
    assert response.status_code == 401
    await asyncio.sleep(0.2)
    assert tap.of(INBOUND, client_id=pseudonym(7008001)) == []


async def test_updates_with_the_secret_are_taken_and_bad_bodies_skipped(
    webhook_app, bot_api, tap
) -> None:
    assert (await post(webhook_app, b"{not json")).status_code == 200
    assert (await post(webhook_app, b'{"update_id": 1, "message": 5}')).status_code == 200
    broken = update(bot_api, 7008002, "MARK").replace(b"MARK", b"bad \xff utf-8")
    assert (await post(webhook_app, broken)).status_code == 200
    assert (await post(webhook_app, update(bot_api, 7008002, "next"))).status_code == 200
    events = await tap.wait(INBOUND, count=2, client_id=pseudonym(7008002))
    assert [e["text"] for e in events] == ["bad \ufffd utf-8", "next"]


async def test_the_emulator_pushes_updates_to_a_served_webhook(make_settings, bot_api, tap) -> None:
    port = free_port()
    settings = make_settings(update_mode="webhook", webhook_url=f"http://127.0.0.1:{port}{PATH}")
    server = uvicorn.Server(uvicorn.Config(create_app(settings), port=port, log_config=None))
    serving = asyncio.create_task(server.serve())
    try:
        await bot_api.wait_for("setWebhook")
        bot_api.send_text(bot_api.user(7008003, language_code="en"), "/help")
        [call] = await bot_api.wait_for("sendMessage", chat_id=7008003)
        assert "/forget" in call.params["text"]
        for _ in range(50):
            if bot_api.webhook_statuses:
                break
            await asyncio.sleep(0.05)
        assert bot_api.webhook_statuses == [200]
    finally:
        server.should_exit = True
        await serving


async def test_disabled_adapter_runs_for_health_and_says_so(
    make_settings, capsys: pytest.CaptureFixture[str]
) -> None:
    app = create_app(make_settings(enabled=False))
    async with running(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://adapter") as client:
            assert (await client.get("/healthz")).status_code == 200
            assert (await client.post(PATH, content=b"{}")).status_code == 404
    assert '"telegram.disabled"' in capsys.readouterr().err
