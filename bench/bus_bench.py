"""CPU of the bus itself, in one process against a local nats-server (no fsync): an RPC round
trip (caller and handler), a publish (one at a time, as a chat socket does, and 50 in
flight), a batch of 8 published together (`publish_events`), and a consumed event (one at a time, and
in batches), each with a handler that does nothing.

    uv run python bench/bus_bench.py [COUNT]

Process CPU (`time.process_time`) per operation, so a busy machine moves it less than wall
time. The figures of 2026-12-03 (FastStream before issue 21 against this bus): docs/benchmarks.md.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from pathlib import Path

from peerline_devtools.localservers import NatsServer, free_port
from peerline_shared.bus import (
    BusRouter,
    NatsBus,
    create_bus,
    provision_streams,
    publish_event,
    publish_events,
    request,
)
from peerline_shared.events import ClientMessageReceived, ListOnShift, OnShiftListed
from peerline_shared.settings import BaseServiceSettings

RPC_SUBJECT = "helpline.rpc.bench.on_shift"
INBOUND = "helpline.inbound.web"


async def rpc_us(settings: BaseServiceSettings, count: int) -> float:
    bus, router = create_bus(settings, client_name="bench-rpc"), BusRouter()
    bus.include_router(router)

    @router.rpc(subject=RPC_SUBJECT, request=ListOnShift, reply=OnShiftListed, queue="bench")
    async def answer(query: ListOnShift) -> OnShiftListed:
        return OnShiftListed()

    await bus.start({})
    for _ in range(200):  # warm up
        await request(bus, RPC_SUBJECT, ListOnShift(), OnShiftListed)
    started = time.process_time()
    for _ in range(count):
        await request(bus, RPC_SUBJECT, ListOnShift(), OnShiftListed)
    used = time.process_time() - started
    await bus.stop()
    return used / count * 1e6


def _events(count: int) -> list[ClientMessageReceived]:
    return [ClientMessageReceived(client_id="v1:ABC", channel="web", text="x") for _ in range(count)]


async def publish_us(publisher: NatsBus, subject: str, events: list[ClientMessageReceived]) -> float:
    started = time.process_time()
    for first in range(0, len(events), 50):
        in_flight = events[first:first + 50]
        await asyncio.gather(*(publish_event(publisher, event, subject) for event in in_flight))
    return (time.process_time() - started) / len(events) * 1e6


async def publish_one_us(publisher: NatsBus, subject: str, events: list[ClientMessageReceived]) -> float:
    started = time.process_time()
    for event in events:
        await publish_event(publisher, event, subject)
    return (time.process_time() - started) / len(events) * 1e6


async def publish_batch_us(publisher: NatsBus, subject: str, events: list[ClientMessageReceived]) -> float:
    """Per event, in batches of 8 (`publish_events`: triage's first aid, notifications' outbox)."""
    started = time.process_time()
    for first in range(0, len(events), 8):
        await publish_events(publisher, [(event, subject) for event in events[first:first + 8]])
    return (time.process_time() - started) / len(events) * 1e6


async def consume_us(settings: BaseServiceSettings, publisher: NatsBus, count: int, *, batch: bool) -> float:
    durable = f"bench{uuid.uuid4().hex[:8]}"
    subject = f"helpline.client.test{durable}"
    await publish_us(publisher, subject, _events(count))
    bus, router = create_bus(settings, client_name="bench-consume"), BusRouter()
    bus.include_router(router)
    done, seen = asyncio.Event(), [0]

    async def each(event: ClientMessageReceived) -> None:
        seen[0] += 1
        if seen[0] >= count:
            done.set()

    async def many(events: Sequence[ClientMessageReceived]) -> None:
        seen[0] += len(events)
        if seen[0] >= count:
            done.set()

    if batch:
        router.consume_batch(subject=subject, durable=durable, model=ClientMessageReceived)(many)
    else:
        router.consume(subject=subject, durable=durable, model=ClientMessageReceived)(each)
    started = time.process_time()
    await bus.start({})
    await asyncio.wait_for(done.wait(), 300)
    used = time.process_time() - started
    await bus.stop()
    return used / count * 1e6


async def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        server = NatsServer(port=free_port(), data_dir=Path(folder), sync_always=False)
        server.start()
        try:
            settings = BaseServiceSettings(nats_url=server.url)
            publisher = create_bus(settings, client_name="bench-publisher")
            await publisher.connect()
            await provision_streams(publisher.jetstream(), settings)
            await publish_one_us(publisher, INBOUND, _events(500))  # warm up
            figures = {
                "rpc round trip": await rpc_us(settings, count),
                "publish, one at a time": await publish_one_us(publisher, INBOUND, _events(count)),
                "publish, 50 in flight": await publish_us(publisher, INBOUND, _events(count)),
                "publish_events, 8 together (per event)": await publish_batch_us(
                    publisher, INBOUND, _events(count)),
                "consumed, one at a time": await consume_us(settings, publisher, count, batch=False),
                "consumed, in batches": await consume_us(settings, publisher, count, batch=True),
            }
            await publisher.stop()
        finally:
            server.stop()
    for name, micros in figures.items():
        print(f"{name}: {micros:.0f} µs of CPU")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000))
