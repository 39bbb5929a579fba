"""Fault tests: the whole system as processes, on free ports, in a temporary folder.

Size: 300 messages by default (part of `make test`); `--chaos-size 10000` (when running
`pytest tests/chaos`) or `PEERLINE_CHAOS_SIZE=10000` for the large run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from peerline_devtools.devstack import DEFAULT_PORTS, DevStack
from peerline_devtools.localservers import free_port_map

from .cluster import ClusterNode, running_cluster

DEFAULT_CHAOS_SIZE = 300

# The fault tests are about faults, not the per-client rate limit (tested in tests/fuzz).
# Every chaos client comes from 127.0.0.1: lift the per-session and per-address limits.
CHAOS_ENV = {
    "PEERLINE_GATEWAY_CLIENT_MESSAGES_PER_MINUTE": "100000",
    "PEERLINE_GATEWAY_IP_MESSAGES_PER_MINUTE": "1000000",
    "PEERLINE_GATEWAY_MAX_SOCKETS_PER_IP": "100000",
}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--chaos-size",
        type=int,
        default=None,
        help="messages sent through the system in the chaos tests (default 300)",
    )


@pytest.fixture(scope="session")
def chaos_size(request: pytest.FixtureRequest) -> int:
    option = request.config.getoption("--chaos-size", default=None)
    return int(option or os.environ.get("PEERLINE_CHAOS_SIZE") or DEFAULT_CHAOS_SIZE)


@pytest.fixture(scope="package")
def chaos_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevStack]:
    """A system of our own: these tests kill its processes, so no other test may share it."""
    stack = DevStack(
        tmp_path_factory.mktemp("chaos"),
        free_port_map(DEFAULT_PORTS),
        extra_env=dict(CHAOS_ENV),
    )
    try:
        stack.start()
        yield stack
    finally:
        stack.stop()


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[list[ClusterNode]]:
    """A three-node NATS cluster of the production configuration, for one test."""
    with running_cluster(tmp_path / "cluster") as nodes:
        yield nodes
