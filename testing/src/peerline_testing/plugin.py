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

# Under pytest-xdist (`make test` runs `-n 3 --dist loadgroup`) a test goes to the worker of its
# group: the tests of one module share a group (their module-scoped servers start once), and the
# tests of one whole-system stack share that stack's group (it starts once, on one worker).
STACK_GROUPS = {"system": "system", "chaos_stack": "chaos", "fuzz_stack": "fuzz"}
SERIAL_FOLDER = "tests/chaos/"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Each test's xdist group (before xdist reads the marks); an explicit mark wins. On an
    xdist worker the long stack groups come first (with `--no-loadscope-reorder` xdist hands
    groups out in collection order), so none of them starts last and runs alone."""
    for item in items:
        if item.get_closest_marker("xdist_group") is None:
            item.add_marker(pytest.mark.xdist_group(_group(item)))
    if hasattr(config, "workerinput"):
        order = list(STACK_GROUPS.values())
        items.sort(key=lambda item: _rank(item, order))  # stable: a group keeps its order


def _group(item: pytest.Item) -> str:
    """The fault tests run one at a time (they kill processes on a timetable: two at once would
    load the machine in each other's fault windows)."""
    if item.nodeid.startswith(SERIAL_FOLDER):
        return "chaos"
    fixtures = getattr(item, "fixturenames", ())
    stacks = [group for name, group in STACK_GROUPS.items() if name in fixtures]
    return stacks[0] if stacks else item.nodeid.split("::", 1)[0]


def _rank(item: pytest.Item, order: list[str]) -> int:
    mark = item.get_closest_marker("xdist_group")
    name = mark.args[0] if mark is not None and mark.args else ""
    return order.index(name) if name in order else len(order)


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
