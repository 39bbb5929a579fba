"""Peerline's message bus: a thin layer of our own over nats-py, behind declarative routers.

    from peerline_shared.bus import BusRouter, publish_event, request

- `BusRouter` (`router`): a feature declares its handlers at module level
  (`@router.consume`, `@router.consume_batch`, `@router.rpc`, `@router.follow`,
  `@router.follow_batch`); a service's `main.py` includes its features' routers in one place;
  each handler's other parameters are taken from the service's start-up context once, when
  the bus starts.
- `NatsBus` (`natsbus`): the connection (`connection`: credentials out of the URLs, callbacks
  that never raise, failover), streams (`streams`), the pull consumers (`consumers`), RPC
  (`rpc`). `MemoryBus` (`memory`) runs the same routers without a server, for unit tests.
- `publish_event(bus, event, subject)`, `publish_events(bus, [(event, subject), ...])` and
  `request(bus, subject, query, Reply)` are what code outside the handlers calls, with either bus.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Protocol, TypeVar

import nats.errors
from nats.js import JetStreamContext
from pydantic import BaseModel

from peerline_shared.bus.memory import MemoryBus
from peerline_shared.bus.natsbus import (
    MAX_DELIVER,
    ORIGINAL_SUBJECT_HEADER,
    PARK_REASON_HEADER,
    TRACE_HEADER,
    TYPE_HEADER,
    NatsBus,
    create_bus,
    event_headers,
)
from peerline_shared.bus.publishing import Encoded, Sending
from peerline_shared.bus.router import BusRouter, ContextError, Declaration, Setting
from peerline_shared.bus.rpc import ActorNotVerified, BadRequest, RequestError, RequestFailed
from peerline_shared.bus.streams import provision_streams, stream_configs
from peerline_shared.events import EventBase, UnreadableMessage

R = TypeVar("R", bound=BaseModel)

__all__ = [
    "MAX_DELIVER",
    "NO_ANSWER",
    "ORIGINAL_SUBJECT_HEADER",
    "PARK_REASON_HEADER",
    "TRACE_HEADER",
    "TYPE_HEADER",
    "ActorNotVerified",
    "BadRequest",
    "Bus",
    "BusRouter",
    "ContextError",
    "Declaration",
    "Encoded",
    "EncodedPublisher",
    "MemoryBus",
    "NatsBus",
    "Publisher",
    "RequestError",
    "RequestFailed",
    "Sending",
    "Setting",
    "create_bus",
    "event_headers",
    "jetstream",
    "provision_streams",
    "publish_encoded",
    "publish_event",
    "publish_events",
    "request",
    "send_events",
    "stream_configs",
]


class Publisher(Protocol):
    """What publishes events: either bus."""

    async def publish_event(self, event: EventBase, subject: str) -> None: ...

    async def publish_events(self, events: Sequence[tuple[EventBase, str]]) -> None: ...

    async def send_events(self, events: Sequence[tuple[EventBase, str]]) -> Sending: ...


class EncodedPublisher(Publisher, Protocol):
    """A publisher that also takes events already encoded: either bus."""

    async def publish_encoded(self, events: Sequence[Encoded]) -> None: ...


class Bus(Publisher, Protocol):
    """What code outside the handlers uses: publish, and ask another service."""

    async def request(self, subject: str, query: EventBase, reply: type[R], timeout: float) -> R: ...


async def publish_event(bus: Publisher, event: EventBase, subject: str) -> None:
    """Publish to the stream and wait for it to be stored; raises if it was not."""
    await bus.publish_event(event, subject)


async def publish_events(bus: Publisher, events: Sequence[tuple[EventBase, str]]) -> None:
    """Publish (event, subject) pairs in order and wait for all of them to be stored, their
    acks awaited together (cheaper than one `publish_event` each); raises if any was not."""
    await bus.publish_events(events)


async def send_events(bus: Publisher, events: Sequence[tuple[EventBase, str]]) -> Sending:
    """`publish_events` without the wait: the events are sent in order, and `Sending.stored`
    waits for all of them to be stored. A `consume_batch` handler with `overlap` returns it,
    and its consumer acks the batch once it is stored, handling the next one meanwhile."""
    return await bus.send_events(events)


async def publish_encoded(bus: EncodedPublisher, events: Sequence[Encoded]) -> None:
    """`publish_events` with each body given: the same messages, nothing encoded again. The
    body must be `encode(event)` (the headers come from the event)."""
    await bus.publish_encoded(events)


async def request(bus: Bus, subject: str, query: EventBase, reply: type[R], timeout: float = 3.0) -> R:
    """Send a command or query and decode its typed reply. Raises one of `NO_ANSWER`: no
    answer in time, no service listening, `BadRequest` (it could not read the request),
    `RequestFailed` (its handler failed), or `UnreadableMessage` (an answer we cannot read)."""
    return await bus.request(subject, query, reply, timeout)


NO_ANSWER: tuple[type[BaseException], ...] = (
    asyncio.TimeoutError,
    TimeoutError,
    nats.errors.Error,
    RequestError,
    UnreadableMessage,
)
"""What `request` raises when the other service does not answer (or answers an error, or
nonsense): a caller turns these into "not available right now" instead of a crash."""


def jetstream(bus: NatsBus) -> JetStreamContext:
    """The connected bus's JetStream context (for provisioning and inspection)."""
    return bus.jetstream()
