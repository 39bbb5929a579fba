"""A real three-node NATS cluster on this machine, from the production configuration
(infra/nats/cluster/nats.conf and its users, identities.conf) with local ports and folders."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from peerline_devtools.devstack import answers_ok
from peerline_devtools.localservers import LocalServer, find_nats_server, free_ports
from peerline_shared.bus import create_bus, provision_streams
from peerline_shared.nats_identities import ADMIN, IDENTITIES, password_variable, with_credentials
from peerline_shared.settings import BaseServiceSettings

CLUSTER_DIR = Path(__file__).resolve().parents[2] / "infra" / "nats" / "cluster"
CLUSTER_CONF = CLUSTER_DIR / "nats.conf"
PASSWORDS = {each.name: f"cluster-test-{each.name}" for each in IDENTITIES}
"""Each NATS user's password on the test cluster (the services' too: `DevStack.nats_passwords`)."""


@dataclass(kw_only=True)
class ClusterNode(LocalServer):
    """One node, its config rendered from the production file with local ports and folders."""

    server_name: str
    http_port: int
    route_ports: dict[str, int]

    @property
    def url(self) -> str:
        """As the operator's identity (provisioning, inspection)."""
        return with_credentials(f"nats://127.0.0.1:{self.port}", ADMIN, PASSWORDS[ADMIN])

    def command(self) -> list[str]:
        config = CLUSTER_CONF.read_text()
        users = (CLUSTER_DIR / "identities.conf").read_text()
        for name, password in PASSWORDS.items():
            users = users.replace(f"${password_variable(name)}", f'"{password}"')
        (self.data_dir / "identities.conf").write_text(users)
        config = config.replace("$NATS_SERVER_NAME", f'"{self.server_name}"')
        config = config.replace("port: 4222", f"port: {self.port}")
        config = config.replace("http_port: 8222", f"http_port: {self.http_port}")
        config = config.replace("/data/jetstream", str(self.data_dir / "jetstream"))
        config = config.replace(
            "listen: 0.0.0.0:6222", f"listen: 127.0.0.1:{self.route_ports[self.server_name]}"
        )
        config = re.sub(
            r"nats-route://(nats-\d):6222",
            lambda m: f"nats-route://127.0.0.1:{self.route_ports[m.group(1)]}",
            config,
        )
        path = self.data_dir / "nats.conf"
        path.write_text(config)
        return [find_nats_server(), "-c", str(path)]


@contextmanager
def running_cluster(tmp_path: Path) -> Iterator[list[ClusterNode]]:
    """Three nodes, started; stopped at the end whatever the test did to them."""
    names = ("nats-1", "nats-2", "nats-3")
    # Nine ports, all distinct: a node whose client port equals a route port cannot start.
    ports = iter(free_ports(3 * len(names)))
    routes = {name: next(ports) for name in names}
    nodes = [
        ClusterNode(
            name=name,
            server_name=name,
            port=next(ports),
            http_port=next(ports),
            route_ports=routes,
            data_dir=tmp_path / name,
        )
        for name in names
    ]
    try:
        for node in nodes:
            node.start()
        yield nodes
    finally:
        for node in nodes:
            node.stop()


async def provision(settings: BaseServiceSettings) -> None:
    """Create the streams once the new cluster has a JetStream leader."""
    broker = create_bus(settings, client_name="cluster-provision")
    await broker.connect()
    try:
        for attempt in range(60):  # the cluster needs a moment to elect a JetStream leader
            try:
                await provision_streams(broker.jetstream(), settings)
                return
            except Exception:
                if attempt == 59:
                    raise
                await asyncio.sleep(0.5)
    finally:
        await broker.stop()


def cluster_url(nodes: list[ClusterNode], identity: str = ADMIN) -> str:
    """Every node's address, as the services are given them in production (as `identity`)."""
    return with_credentials(",".join(node.url for node in nodes), identity, PASSWORDS[identity])


def client_names(node: ClusterNode) -> list[str]:
    """The names of the clients connected to this node (its monitoring endpoint)."""
    response = httpx.get(f"http://127.0.0.1:{node.http_port}/connz", params={"limit": 1024}, timeout=2)
    response.raise_for_status()
    return [str(c.get("name", "")) for c in response.json().get("connections", [])]


def wait_until_current(node: ClusterNode, within_s: float = 30.0) -> None:
    """Until the node says (its /healthz) that its streams and consumers have caught up: only
    then may another node be lost without losing the majority."""
    deadline = time.monotonic() + within_s
    while not answers_ok(f"http://127.0.0.1:{node.http_port}/healthz", timeout=2):
        if time.monotonic() > deadline:
            raise AssertionError(f"{node.server_name} did not catch up within {within_s} s")
        time.sleep(0.2)

