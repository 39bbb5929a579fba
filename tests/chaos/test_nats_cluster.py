"""The production NATS configuration (infra/nats/cluster/nats.conf), run as a real three-node
cluster on this machine: streams at three replicas keep every acknowledged event while one
node is killed, and a client given all three addresses fails over by itself."""

from __future__ import annotations

import asyncio

import nats
import nats.errors
import pytest

from peerline_shared.bus import NatsBus, create_bus, publish_event
from peerline_shared.events import ClientMessageReceived
from peerline_shared.events import subjects as subj
from peerline_shared.privacy.pseudonym import client_pseudonym
from peerline_shared.settings import BaseServiceSettings

from .cluster import ClusterNode, provision
from .evidence import stream_messages

pytestmark = [pytest.mark.chaos, pytest.mark.integration]
EVENTS = 120


async def _publish(settings: BaseServiceSettings, events: list[ClientMessageReceived]) -> None:
    broker = create_bus(settings, client_name="cluster-test")
    await broker.connect()
    try:
        for event in events:
            await _publish_until_stored(broker, event)
    finally:
        await broker.stop()


async def _publish_until_stored(broker: NatsBus, event: ClientMessageReceived) -> None:
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


async def test_replicated_streams_keep_every_event_when_a_node_dies(cluster: list[ClusterNode]) -> None:
    settings = BaseServiceSettings(nats_url=",".join(node.url for node in cluster), stream_replicas=3)
    await provision(settings)
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
