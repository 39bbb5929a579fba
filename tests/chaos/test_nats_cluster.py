"""The production NATS configuration (infra/nats/cluster/nats.conf), run as a real three-node
cluster on this machine: streams at three replicas keep every acknowledged event while one
node is killed, and a client given all three addresses fails over by itself."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import nats
import nats.errors
import pytest
from faststream.nats import NatsBroker

from peerline_shared.broker import create_broker, jetstream, provision_streams, publish_event
from peerline_shared.events import ClientMessageReceived
from peerline_shared.events import subjects as subj
from peerline_shared.localservers import LocalServer, find_nats_server, free_ports
from peerline_shared.privacy.pseudonym import client_pseudonym
from peerline_shared.settings import BaseServiceSettings

from .evidence import stream_messages

pytestmark = [pytest.mark.chaos, pytest.mark.integration]

CLUSTER_CONF = Path(__file__).resolve().parents[2] / "infra" / "nats" / "cluster" / "nats.conf"
USER, PASSWORD = "peerline", "cluster-test-password"
EVENTS = 120


@dataclass(kw_only=True)
class ClusterNode(LocalServer):
    """One node, its config rendered from the production file with local ports and folders."""

    server_name: str
    http_port: int
    route_ports: dict[str, int]

    @property
    def url(self) -> str:
        return f"nats://{USER}:{PASSWORD}@127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        config = CLUSTER_CONF.read_text()
        values = {"$NATS_SERVER_NAME": self.server_name, "$NATS_USER": USER, "$NATS_PASSWORD": PASSWORD}
        for variable, value in values.items():
            config = config.replace(variable, f'"{value}"')
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


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[list[ClusterNode]]:
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


async def _publish(settings: BaseServiceSettings, events: list[ClientMessageReceived]) -> None:
    broker = create_broker(settings, client_name="cluster-test")
    await broker.connect()
    try:
        for event in events:
            await _publish_until_stored(broker, event)
    finally:
        await broker.stop()


async def _publish_until_stored(broker: NatsBroker, event: ClientMessageReceived) -> None:
    """Re-send until acknowledged, as the web chat does: while a new stream leader is elected
    a publish can time out; the same event id makes the re-send harmless."""
    for attempt in range(40):
        try:
            await publish_event(broker, event, subj.inbound("web"))
            return
        except Exception:
            if attempt == 39:
                raise
            await asyncio.sleep(0.5)


async def _replicas_of(url: str, stream: str) -> int:
    client = await nats.connect(url)
    try:
        info = await client.jetstream().stream_info(stream)
        assert info.cluster is not None and len(info.cluster.replicas or []) == 2, (
            "a leader and two followers"
        )
        return int(info.config.num_replicas or 0)
    finally:
        await client.close()


async def _provision(settings: BaseServiceSettings) -> None:
    broker = create_broker(settings, client_name="cluster-provision")
    await broker.connect()
    try:
        for attempt in range(60):  # the cluster needs a moment to elect a JetStream leader
            try:
                await provision_streams(jetstream(broker), settings)
                return
            except Exception:
                if attempt == 59:
                    raise
                await asyncio.sleep(0.5)
    finally:
        await broker.stop()


async def test_replicated_streams_keep_every_event_when_a_node_dies(cluster: list[ClusterNode]) -> None:
    settings = BaseServiceSettings(nats_url=",".join(node.url for node in cluster), stream_replicas=3)
    await _provision(settings)
    client = client_pseudonym(b"cluster-test", "web", "someone")
    events = [
        ClientMessageReceived(client_id=client, channel="web", text=f"need help {n}") for n in range(EVENTS)
    ]

    assert await _replicas_of(cluster[1].url, subj.STREAM_EVENTS) == 3
    await _publish(settings, events[: EVENTS // 2])
    cluster[0].kill()  # the first address every client tries
    await _publish(settings, events[EVENTS // 2 :])

    stored = await _stored_ids(cluster[1].url)
    assert {str(event.event_id) for event in events} <= stored


async def _stored_ids(url: str) -> set[str | None]:
    """The events stream's message ids, read once the survivors answer JetStream API requests
    (right after a node dies they may still be electing a meta leader: requests time out)."""
    for attempt in range(40):
        try:
            messages = await stream_messages(url)
        except nats.errors.Error:  # a timeout, or "JetStream temporarily unavailable"
            if attempt == 39:
                raise
            await asyncio.sleep(0.5)
            continue
        return {m.headers.get("Nats-Msg-Id") for m in messages if m.stream == subj.STREAM_EVENTS}
    raise AssertionError("unreachable")
