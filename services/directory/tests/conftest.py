"""Fixtures for the directory's integration tests: a migrated SQLite file, the app in-process
against the session's real nats-server and redis-server (its own Redis database)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import pytest_asyncio
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from peerline_devtools.localservers import NatsServer, RedisServer
from peerline_directory.cli_support import MIGRATIONS, VERSION_TABLE
from peerline_directory.main import create_app
from peerline_directory.settings import DirectorySettings
from peerline_shared.bus import NatsBus
from peerline_shared.db import create_engine, session_factory
from peerline_shared.migrations import upgrade_to_head

ADMIN_TOKEN = "test-admin-token-0123456789abcdef"
REDIS_DB = 7  # the directory's tests own this Redis database and flush it


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'directory.sqlite'}"
    upgrade_to_head(MIGRATIONS, url, VERSION_TABLE)
    return url


@pytest_asyncio.fixture
async def sessions(database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_engine(database_url)
    yield session_factory(engine)
    await engine.dispose()


TEST_ACTOR_KEY = b"test-actor-key-0123456789abcdef"


@pytest.fixture
def settings(nats_server: NatsServer, redis_server: RedisServer, database_url: str) -> DirectorySettings:
    return DirectorySettings(
        mode="production", nats_url=nats_server.url, database_url=database_url,
        redis_url=redis_server.url.rsplit("/", 1)[0] + f"/{REDIS_DB}",
        admin_token=ADMIN_TOKEN, pseudonym_key="test-pseudonym-key-0123456789abcdef",
        actor_key=TEST_ACTOR_KEY.decode(),
        presence_ttl_seconds=60, roster_refresh_seconds=0.5,
    )


@dataclass
class Directory:
    settings: DirectorySettings
    http: httpx.AsyncClient
    bus: NatsBus
    redis: Redis


@pytest_asyncio.fixture
async def directory(settings: DirectorySettings, nats_bus: NatsBus) -> AsyncIterator[Directory]:
    redis = Redis.from_url(settings.redis_url, decode_responses=True)
    await redis.flushdb()
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        headers = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
        async with httpx.AsyncClient(transport=transport, base_url="http://directory",
                                     headers=headers) as http:
            yield Directory(settings, http, nats_bus, redis)
    await redis.aclose()


async def eventually(check: Callable[[], Awaitable[bool]], within: float = 20.0) -> None:
    """Poll until `check()` holds (consumers are asynchronous; a loaded CI machine needs the time)."""
    deadline = asyncio.get_running_loop().time() + within
    while not await check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.05)
