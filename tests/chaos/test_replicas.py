"""Two processes of one service against one NATS share its durable consumer: the work is
split between them and no message is handled twice (what two replicas in production do)."""

from __future__ import annotations

import asyncio
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import orjson
import pytest

from peerline_devtools.devstack import ServiceProcess
from peerline_devtools.localservers import NatsServer, RedisServer, free_port
from peerline_shared.bus import create_bus, provision_streams, publish_event
from peerline_shared.events import ClientMessageReceived
from peerline_shared.events import subjects as subj
from peerline_shared.privacy.pseudonym import client_pseudonym
from peerline_shared.settings import BaseServiceSettings

from .evidence import stream_messages

pytestmark = [pytest.mark.chaos, pytest.mark.integration]

MESSAGES = 200
REPLICAS = 2


@pytest.fixture
def triage_replicas(
    own_nats: NatsServer, own_redis: RedisServer, tmp_path: Path
) -> Iterator[list[ServiceProcess]]:
    replicas = []
    for number in range(REPLICAS):
        port = free_port()
        env = {
            **os.environ,
            "PEERLINE_NATS_URL": own_nats.url,
            "PEERLINE_REDIS_URL": own_redis.url,
            "PEERLINE_TRIAGE_PORT": str(port),
            "PYTHONUNBUFFERED": "1",
        }
        replica = ServiceProcess("triage", env, tmp_path / f"triage-{number}.log", None)
        replica.start()
        replicas.append(replica)
    try:
        for replica in replicas:
            _wait_healthy(replica)
        yield replicas
    finally:
        for replica in replicas:
            replica.stop()


def _wait_healthy(replica: ServiceProcess, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert replica.process is not None and replica.process.poll() is None, replica.log_path.read_text()[
            -2000:
        ]
        try:
            port = replica.env["PEERLINE_TRIAGE_PORT"]
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"triage replica not healthy: {replica.log_path}")


def _handled(replica: ServiceProcess) -> list[str]:
    """event_ids this replica logged as triaged."""
    records = (
        orjson.loads(line) for line in replica.log_path.read_bytes().splitlines() if line.startswith(b"{")
    )
    return [str(r["event_id"]) for r in records if r.get("event") == "message.triaged"]


async def test_two_triage_processes_share_the_work_and_never_handle_a_message_twice(
    own_nats: NatsServer, triage_replicas: list[ServiceProcess]
) -> None:
    settings = BaseServiceSettings(nats_url=own_nats.url)
    broker = create_bus(settings, client_name="replica-test")
    await broker.connect()
    try:
        await provision_streams(broker.jetstream(), settings)
        sent = []
        for index in range(MESSAGES):
            client = client_pseudonym(b"replica-test", "web", f"client-{index % 20}")
            event = ClientMessageReceived(
                client_id=client, channel="web", text=f"need help with housing {index}"
            )
            await publish_event(broker, event, subj.inbound("web"))
            sent.append(str(event.event_id))
    finally:
        await broker.stop()

    await _until(lambda: sum(len(_handled(r)) for r in triage_replicas) >= MESSAGES, within_s=60)
    await asyncio.sleep(1.0)  # a second handling would show up now

    per_replica = [_handled(replica) for replica in triage_replicas]
    handled = Counter(event_id for ids in per_replica for event_id in ids)
    assert set(handled) == set(sent), f"{len(set(sent) - set(handled))} messages were not triaged"
    assert max(handled.values()) == 1, [eid for eid, n in handled.items() if n > 1][:5]
    assert all(per_replica), f"work was not shared: {[len(ids) for ids in per_replica]}"

    triaged = Counter(
        str(orjson.loads(stored.data)["message_event_id"])
        for stored in await stream_messages(own_nats.url)
        if stored.subject == subj.TRIAGED
    )
    assert triaged == Counter(sent), "each inbound event has exactly one MessageTriaged"
    split = [len(ids) for ids in per_replica]
    print(f"\nreplicas: {MESSAGES} messages split {split} between two triage processes")


async def _until(condition: Callable[[], bool], within_s: float) -> None:
    deadline = time.monotonic() + within_s
    while not condition() and time.monotonic() < deadline:  # noqa: ASYNC110 (polls a log file)
        await asyncio.sleep(0.5)
