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

# Under pytest-xdist (`make test` runs `-n 3 --dist loadgroup`) the tests of one group go to one
# worker: a module's tests (their module-scoped servers start once), the tests of the whole
# system (the session's `system` stack starts once per worker), the fuzz tests (one `fuzz_stack`)
# and the fault tests (one at a time: each kills processes on a timetable, two at once would load
# the machine in each other's fault windows). The whole-system tests are two groups, so two
# workers each start a stack of their own and run side by side: the browser tests, and the e2e
# and security tests. Most of their time is waiting, not CPU: above all for the demo
# supervisor's second factor, whose gateway takes each 30-second TOTP step once (no replay), so
# one stack signs the demo supervisor in about twice a minute at most. The long groups are handed
# out first, so none of them starts last and runs alone. (pytest 9.2 ignores xdist's own
# `xdist_group` marks, whose group rides on the test's id: hence this scheduler.)
FOLDER_GROUPS = {
    "tests/browser/": "system-browser",
    "tests/e2e/": "system-e2e", "tests/security/": "system-e2e",
    "tests/chaos/": "chaos", "tests/fuzz/": "fuzz",
}
FIRST_GROUPS = ("system-browser", "system-e2e", "chaos", "fuzz")


def xdist_group(nodeid: str) -> str:
    for folder, group in FOLDER_GROUPS.items():
        if nodeid.startswith(folder):
            return group
    return nodeid.split("::", 1)[0]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On an xdist worker, the long groups first (a stable sort: each keeps its order)."""
    if hasattr(config, "workerinput"):
        items.sort(key=lambda item: _rank(xdist_group(item.nodeid)))


def _rank(group: str) -> int:
    return FIRST_GROUPS.index(group) if group in FIRST_GROUPS else len(FIRST_GROUPS)


try:
    from xdist.scheduler import LoadScopeScheduling
except ImportError:  # pragma: no cover - pytest-xdist is in the dev group
    LoadScopeScheduling = None


if LoadScopeScheduling is not None:

    class GroupScheduling(LoadScopeScheduling):  # type: ignore[misc]
        """xdist's scope scheduling with Peerline's groups as the scopes."""

        def _split_scope(self, nodeid: str) -> str:
            return xdist_group(nodeid)

    def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object | None:
        if config.getvalue("dist") == "loadgroup":
            return GroupScheduling(config, log)
        return None


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
