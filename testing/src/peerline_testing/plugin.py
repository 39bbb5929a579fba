"""pytest plugin: real nats-server and redis-server on free ports with temporary data folders.

Session-scoped servers keep the suite fast; a test that stops or kills one asks for the
function-scoped `own_nats` / `own_redis` instead, so the others never see the fault.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from peerline_devtools.localservers import NatsServer, RedisServer, free_port
from peerline_shared.bus import NatsBus
from peerline_shared.settings import BaseServiceSettings

POSTGRES_TEST_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


def _nats(tmp: Path) -> NatsServer:
    server = NatsServer(port=free_port(), data_dir=tmp, sync_always=True)
    server.start()
    return server


def _redis(tmp: Path) -> RedisServer:
    server = RedisServer(port=free_port(), data_dir=tmp)
    server.start()
    return server


@pytest.fixture(scope="session")
def nats_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NatsServer]:
    server = _nats(tmp_path_factory.mktemp("nats"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = _redis(tmp_path_factory.mktemp("redis"))
    yield server
    server.stop()


@pytest.fixture
def own_nats(tmp_path: Path) -> Iterator[NatsServer]:
    server = _nats(tmp_path / "nats")
    yield server
    server.stop()


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[RedisServer]:
    server = _redis(tmp_path / "redis")
    yield server
    server.stop()


@pytest.fixture
def base_settings(
    nats_server: NatsServer, redis_server: RedisServer, tmp_path: Path
) -> BaseServiceSettings:
    return BaseServiceSettings(
        nats_url=nats_server.url,
        redis_url=redis_server.url,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'test.sqlite'}",
    )


@pytest_asyncio.fixture
async def nats_bus(base_settings: BaseServiceSettings) -> AsyncIterator[NatsBus]:
    """A connected bus with Peerline's streams provisioned (stream contents are shared
    across a session's tests, so tests use unique subjects' content, e.g. fresh ids)."""
    from peerline_shared.bus import create_bus, provision_streams

    bus = create_bus(base_settings, client_name="pytest")
    await bus.connect()
    await provision_streams(bus.jetstream(), base_settings)
    yield bus
    await bus.stop()
