"""A process's bus with its own consumers, for the tests of the consumers on a real nats-server."""

from __future__ import annotations

import asyncio
import uuid

from peerline_shared.bus import BusRouter, NatsBus, create_bus, publish_event
from peerline_shared.events import ClientMessageReceived
from peerline_shared.settings import BaseServiceSettings


def bus_and_router(settings: BaseServiceSettings, name: str) -> tuple[NatsBus, BusRouter]:
    """A process's bus with one router included: what a test declares on the router runs."""
    bus, router = create_bus(settings, client_name=name), BusRouter()
    bus.include_router(router)
    return bus, router


def fresh_consumer_names() -> tuple[str, str]:
    """A durable name and a subject of the events stream that no other test uses."""
    durable = f"t{uuid.uuid4().hex[:8]}"
    return durable, f"helpline.client.test{durable}"


def numbered_events(count: int) -> list[ClientMessageReceived]:
    """Messages whose texts are "0", "1", …: a handler's record shows their order."""
    return [ClientMessageReceived(client_id="v1:ABC", channel="web", text=str(n)) for n in range(count)]


async def publish_each(broker: NatsBus, events: list[ClientMessageReceived], subject: str) -> None:
    for event in events:
        await publish_event(broker, event, subject)


async def run_until(consumer: NatsBus, done: asyncio.Event, timeout_s: float = 15.0) -> None:
    """Start the consumer's bus, wait for `done`, stop it (whatever happened)."""
    await consumer.start()
    try:
        await asyncio.wait_for(done.wait(), timeout_s)
    finally:
        await consumer.stop()
