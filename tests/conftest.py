"""Cross-service fixtures: the whole system as real processes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from peerline_devtools.devstack import DEFAULT_PORTS, DevStack
from peerline_testing.botapi import BotApiInThread

SYSTEM_BOT_TOKEN = "123:system-token"


@pytest.fixture(scope="session")
def system_bot_api() -> Iterator[BotApiInThread]:
    """The Bot API emulator the system's Telegram adapter long-polls (its own thread and loop)."""
    with BotApiInThread() as api:
        yield api


@pytest.fixture(scope="session")
def system(tmp_path_factory: pytest.TempPathFactory, system_bot_api: BotApiInThread) -> Iterator[DevStack]:
    """Every service as its own process, with its own nats-server and redis-server, Telegram
    against the emulator (`system_bot_api`)."""
    var_dir: Path = tmp_path_factory.mktemp("system")
    stack = DevStack(var_dir, {name: 0 for name in DEFAULT_PORTS} | _free_ports(),
                     extra_env=system_bot_api.api.adapter_env(SYSTEM_BOT_TOKEN, polling_timeout_s=1))
    try:
        stack.start()
        yield stack
    finally:
        stack.stop()


def _free_ports() -> dict[str, int]:
    from peerline_devtools.localservers import free_port_map

    return free_port_map(DEFAULT_PORTS)
