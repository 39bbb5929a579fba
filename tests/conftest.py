"""Cross-service fixtures: the whole system as real processes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from peerline_devtools.devstack import DEFAULT_PORTS, DevStack


@pytest.fixture(scope="session")
def system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevStack]:
    """Every service as its own process, with its own nats-server and redis-server."""
    var_dir: Path = tmp_path_factory.mktemp("system")
    stack = DevStack(var_dir, {name: 0 for name in DEFAULT_PORTS} | _free_ports())
    try:
        stack.start()
        yield stack
    finally:
        stack.stop()


def _free_ports() -> dict[str, int]:
    from peerline_devtools.localservers import free_port_map

    return free_port_map(DEFAULT_PORTS)
