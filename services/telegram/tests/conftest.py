"""Fixtures: a Bot API emulator, and the adapter running against it with real NATS and Redis."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nats
import orjson
import pytest
import pytest_asyncio
from fastapi import FastAPI

from peerline_devtools.localservers import NatsServer, RedisServer
from peerline_shared.migrations import upgrade_to_head
from peerline_telegram.cli import MIGRATIONS, VERSION_TABLE
from peerline_telegram.main import create_app
from peerline_telegram.settings import TelegramSettings
from peerline_testing.botapi import BotApiEmulator
from peerline_testing.migrations import fresh_database

TOKEN = "123:test-token"
WEBHOOK_SECRET = "webhook-secret-for-tests-0123456789"


@pytest_asyncio.fixture(params=["sqlite", "postgresql"])
async def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A new, empty database on SQLite and on PostgreSQL (skipped where none answers)."""
    async with fresh_database(request.param, tmp_path) as url:
        yield url


@pytest_asyncio.fixture
async def migrated_url(empty_database_url: str) -> str:
    await asyncio.to_thread(upgrade_to_head, MIGRATIONS, empty_database_url, VERSION_TABLE)
    return empty_database_url


@pytest_asyncio.fixture
async def bot_api() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator() as api:
        yield api


@pytest.fixture
def make_settings(
    nats_server: NatsServer, redis_server: RedisServer, tmp_path: Path, bot_api: BotApiEmulator
) -> Callable[..., TelegramSettings]:
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'telegram.sqlite'}"
    upgrade_to_head(MIGRATIONS, database_url, VERSION_TABLE)

    def make(**overrides: Any) -> TelegramSettings:
        values: dict[str, Any] = {
            "nats_url": nats_server.url, "redis_url": redis_server.url,
            "database_url": database_url, "enabled": True, "bot_token": TOKEN,
            "api_base_url": bot_api.base_url, "polling_timeout_s": 1,
            "chat_rate_per_s": 50.0, "chat_burst": 10, "webhook_secret": WEBHOOK_SECRET,
            "webhook_url": "http://127.0.0.1:1/telegram/webhook",
        }
        return TelegramSettings(**(values | overrides))

    return make


@dataclass
class Tap:
    """Every event published on the watched subjects, decoded, in order."""

    events: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)

    def of(self, subject: str, **match: Any) -> list[dict[str, Any]]:
        return [event for got, event in self.events if got == subject
                and all(event.get(key) == value for key, value in match.items())]

    async def wait(self, subject: str, count: int = 1, within_s: float = 10.0,
                   **match: Any) -> list[dict[str, Any]]:
        async def enough() -> list[dict[str, Any]]:
            while len(found := self.of(subject, **match)) < count:
                self.arrived.clear()
                await self.arrived.wait()
            return found

        try:
            return await asyncio.wait_for(enough(), within_s)
        except TimeoutError:
            seen = self.of(subject, **match)
            raise AssertionError(f"{count} x {subject} {match}: saw {seen}") from None


@pytest_asyncio.fixture
async def tap(nats_server: NatsServer) -> AsyncIterator[Tap]:
    found = Tap()
    client = await nats.connect(nats_server.url)

    async def collect(message: Any) -> None:
        found.events.append((message.subject, orjson.loads(message.data)))
        found.arrived.set()

    await client.subscribe("helpline.>", cb=collect)
    yield found
    await client.drain()


@contextlib.asynccontextmanager
async def running(app: FastAPI) -> AsyncIterator[FastAPI]:
    async with app.router.lifespan_context(app):
        yield app


@pytest_asyncio.fixture
async def adapter(make_settings: Callable[..., TelegramSettings]) -> AsyncIterator[FastAPI]:
    """The adapter in long-polling mode against the emulator."""
    async with running(create_app(make_settings())) as app:
        yield app
