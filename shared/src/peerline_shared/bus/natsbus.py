"""The bus on NATS JetStream, on nats-py directly: one connection per process.

- Streams are provisioned idempotently at start (`streams`).
- `publish_event` sets `Nats-Msg-Id` = `event_id` (JetStream drops a duplicate publish) and
  carries the `trace_id` and the event's type and version in headers; it returns only once
  JetStream has stored the event (`publishing`: our own wait for the acknowledgement).
- The routers' consumers are durable pull consumers with explicit ack after the work
  (`consumers`): unreadable messages are parked on `helpline.parked.<consumer>` with a reason
  and acked, so one poison message never blocks the rest; a failing handler is retried with
  backoff and parked after `MAX_DELIVER` attempts.
- Followers are core NATS subscriptions beside the stream (each process its own copy).
- RPC handlers answer on core NATS subjects, replicas sharing them through a queue group;
  `request` sends a command or query and reads its typed reply (`rpc`).

Why not a messaging framework: faststream held the connection and the RPCs until issue 21;
its layers (middlewares, dependency injection, its decoder) doubled the CPU of a publish and
of a consumed event (223 against 115 µs per publish, 1.2 against 0.7 ms per consumed event,
measured; docs/benchmarks.md), and its pull subscriber could not pull "what is pending".
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

import nats
from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.js import JetStreamContext
from pydantic import BaseModel

from peerline_shared.bus.connection import ConnectionEvents, NatsServers, nats_servers, server_address
from peerline_shared.bus.consumers import BatchConsumer, Consumer, EachConsumer, consumer_config
from peerline_shared.bus.followers import BatchFollower, Follower
from peerline_shared.bus.metrics import MESSAGES_CONSUMED, published_of
from peerline_shared.bus.publishing import STORED, Encoded, Sending, StreamPublisher
from peerline_shared.bus.router import BusRouter, Declaration, declarations_of
from peerline_shared.bus.rpc import Responder, read_reply
from peerline_shared.events import EventBase, encode
from peerline_shared.events import subjects as subj
from peerline_shared.logging import get_logger
from peerline_shared.settings import BaseServiceSettings

R = TypeVar("R", bound=BaseModel)

TRACE_HEADER = "Peerline-Trace-Id"
TYPE_HEADER = "Peerline-Event-Type"
MAX_DELIVER = 8
PUBLISH_TIMEOUT_S = 5.0
PARK_REASON_HEADER = "Peerline-Park-Reason"
ORIGINAL_SUBJECT_HEADER = "Peerline-Original-Subject"
DRAIN_TIMEOUT_S = 30
NO_RESPONDERS_FIRST_PAUSE_S = 0.05
NO_RESPONDERS_MAX_PAUSE_S = 0.5
NO_RESPONDERS_LAST_TRY_S = 0.02

log = get_logger()


def event_headers(event: EventBase) -> dict[str, str]:
    return {
        "Nats-Msg-Id": str(event.event_id),
        TRACE_HEADER: event.trace_id,
        TYPE_HEADER: f"{event.type}/v{event.schema_version}",
    }


class NatsBus:
    """The process's NATS connection and the handlers of the routers included in it.

    `connect()` opens the connection (the lifespan does, never at import); `start(context)`
    binds every handler to the start-up objects it names, once, and starts the consumers,
    followers and RPC subscriptions; `stop()` stops them and drains the connection."""

    def __init__(self, servers: NatsServers, *, client_name: str) -> None:
        self.servers = servers
        self.client_name = client_name
        self.router = BusRouter()
        self.running: list[Consumer] = []
        self.connection: Client | None = None
        self.js: JetStreamContext | None = None
        self.publisher: StreamPublisher | None = None
        self.connection_events = ConnectionEvents(self.current_connection)

    def include_router(self, router: BusRouter) -> None:
        self.router.include_router(router)

    def include_routers(self, *routers: BusRouter) -> None:
        for router in routers:
            self.include_router(router)

    def declarations(self) -> list[Declaration]:
        return declarations_of([self.router])

    def current_connection(self) -> Client | None:
        """The nats-py client once connected (None before and after)."""
        return self.connection

    def connect_options(self) -> dict[str, Any]:
        """nats-py's `connect` keywords: every server, the credentials once, our callbacks."""
        return {
            **self.servers.connect_options(),
            "name": self.client_name,
            "max_reconnect_attempts": -1,
            "reconnect_time_wait": 1,
            "drain_timeout": DRAIN_TIMEOUT_S,
            **self.connection_events.connect_options(),
        }

    async def connect(self) -> None:
        """Connect (retrying every second, for ever: the caller bounds the wait)."""
        if self.connection is not None:
            return
        connection = await nats.connect(**self.connect_options())
        publisher = StreamPublisher(connection)
        await publisher.open()
        self.connection, self.js, self.publisher = connection, connection.jetstream(), publisher
        self.connection_events.connected_once = True
        log.info("nats.connected", server=server_address(connection))

    async def start(self, context: Mapping[str, object] | None = None) -> None:
        """Start every declared handler, its other parameters taken from `context`."""
        await self.connect()
        connection = self._connected()
        context = {"bus": self, **(context or {})}
        self.running = [self._runner(declaration, context) for declaration in self.declarations()]
        for runner in self.running:
            await runner.start(connection)
        # Started means subscribed: the server has every SUB before the service says it is up
        # (a request right after start would otherwise find no responders).
        await connection.flush()

    async def stop(self) -> None:
        await asyncio.gather(*(runner.stop() for runner in self.running))
        self.running = []
        connection = self.connection
        if connection is not None and not connection.is_closed:
            try:
                await connection.drain()
            except Exception:  # NATS already gone: the drain refuses; closing is what is left
                with contextlib.suppress(Exception):
                    await connection.close()
        self.connection, self.js, self.publisher = None, None, None

    async def publish_event(self, event: EventBase, subject: str) -> None:
        await self._publisher().publish(subject, encode(event), stream=subj.STREAM_EVENTS,
                                        headers=event_headers(event), timeout=PUBLISH_TIMEOUT_S)
        published_of(event.type).inc()

    async def publish_events(self, events: Sequence[tuple[EventBase, str]]) -> None:
        """Publish (event, subject) pairs in order and wait until JetStream has stored them
        all; raises if any was not (those that were are dropped as duplicates when the caller
        publishes the same events again). The same messages as `publish_event`'s, sent one
        after the other and their acks awaited together under one timeout."""
        await self.publish_encoded([(event, subject, encode(event)) for event, subject in events])

    async def send_events(self, events: Sequence[tuple[EventBase, str]]) -> Sending:
        """`publish_events` that returns once the events are sent, their acknowledgements
        still to come (`Sending.stored`)."""
        return await self._send_encoded([(event, subject, encode(event)) for event, subject in events])

    async def publish_encoded(self, events: Sequence[Encoded]) -> None:
        """`publish_events` with each event's body (`encode(event)`) given by the caller."""
        await (await self._send_encoded(events)).stored()

    async def _send_encoded(self, events: Sequence[Encoded]) -> Sending:
        """Send in order; each event is counted once stored."""
        if not events:  # most batches have no first aid: no timer, no wake-up
            return STORED
        messages = [(subject, body, event_headers(event)) for event, subject, body in events]
        types = [event.type for event, _, _ in events]
        count = functools.partial(_count_published, types)
        return await self._publisher().send_all(messages, stream=subj.STREAM_EVENTS,
                                                timeout=PUBLISH_TIMEOUT_S, then=count)

    async def request(self, subject: str, query: EventBase, reply: type[R], timeout: float) -> R:
        """Ask and wait for the answer. "No responders" is asked again until `timeout`: nobody
        received the question, so repeating it is safe, and a responder that is reconnecting or
        being restarted in a rolling update is back within moments."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        payload, headers = encode(query), {TRACE_HEADER: query.trace_id}
        pause = NO_RESPONDERS_FIRST_PAUSE_S
        while True:
            try:
                response = await self._connected().request(
                    subject, payload, timeout=max(deadline - loop.time(), 0.001), headers=headers
                )
            except nats.errors.NoRespondersError as nobody:
                if loop.time() + pause + NO_RESPONDERS_LAST_TRY_S >= deadline:
                    raise
                await asyncio.sleep(pause)
                # A pause that overran on a busy loop leaves too little time to ask again: the
                # answer is still "nobody", not a timeout of a question that had no time.
                if deadline - loop.time() < NO_RESPONDERS_LAST_TRY_S:
                    raise nobody
                pause = min(pause * 2, NO_RESPONDERS_MAX_PAUSE_S)
                continue
            return read_reply(reply, response.data, response.headers)

    def jetstream(self) -> JetStreamContext:
        """The connected bus's JetStream context (for provisioning and inspection)."""
        if self.js is None:
            raise nats.errors.ConnectionClosedError
        return self.js

    def _publisher(self) -> StreamPublisher:
        if self.publisher is None:
            raise nats.errors.ConnectionClosedError
        return self.publisher

    def _connected(self) -> Client:
        if self.connection is None:
            raise nats.errors.ConnectionClosedError
        return self.connection

    def _runner(self, declaration: Declaration, context: Mapping[str, object]) -> Consumer:
        handler = declaration.bind(context)
        options = declaration.resolved_options(context)
        if declaration.kind == "follow":
            return Follower(subject=declaration.subject, handler=handler, queue=declaration.queue)
        if declaration.kind == "follow_batch":
            return BatchFollower(subject=declaration.subject, handler=handler, queue=declaration.queue,
                                 max_batch=options["max_batch"])
        if declaration.kind == "rpc":
            assert declaration.model is not None and declaration.queue is not None
            return Responder(subject=declaration.subject, queue=declaration.queue,
                             model=declaration.model, handler=handler)
        assert declaration.model is not None and declaration.durable is not None
        config = consumer_config(declaration.subject, declaration.durable,
                                 ack_wait_s=options.pop("ack_wait_s"), max_deliver=MAX_DELIVER + 1,
                                 from_now=bool(options.pop("from_now", False)))
        common: dict[str, Any] = {
            "subject": declaration.subject, "durable": declaration.durable, "model": declaration.model,
            "config": config, "park": self.park, "retry_or_park": self.retry_or_park, "handler": handler,
        }
        if declaration.kind == "consume":
            return EachConsumer(**common, max_workers=options["max_workers"])
        return BatchConsumer(**common, max_batch=options["max_batch"], linger_s=options["linger_s"],
                             overlap=options["overlap"])

    async def retry_or_park(self, message: Msg, consumer: str, attempt: int, exc: Exception) -> None:
        if attempt >= MAX_DELIVER:
            log.error("consumer.gave_up", consumer=consumer, attempt=attempt, error_type=type(exc).__name__)
            await self.park(message, consumer, f"failed {attempt} times: {type(exc).__name__}")
            return
        delay = min(0.2 * 2**attempt, 15.0)
        log.warning("consumer.retry", consumer=consumer, attempt=attempt, delay_s=delay,
                    error_type=type(exc).__name__)
        MESSAGES_CONSUMED.labels(consumer, "retry").inc()
        await message.nak(delay=delay)

    async def park(self, message: Msg, consumer: str, reason: str) -> None:
        """Keep the message, with the reason and its own headers (its trace), on the parked
        stream; then ack the original. Not under the original's `Nats-Msg-Id`: the same event
        parked by two consumers must be kept twice, not de-duplicated."""
        log.error("consumer.parked", consumer=consumer, reason=reason[:300])
        MESSAGES_CONSUMED.labels(consumer, "parked").inc()
        kept = {name: value for name, value in (message.headers or {}).items() if name != "Nats-Msg-Id"}
        await self._publisher().publish(
            subj.parked(consumer),
            message.data,
            stream=subj.STREAM_PARKED,
            headers={**kept, PARK_REASON_HEADER: reason[:500], ORIGINAL_SUBJECT_HEADER: message.subject},
            timeout=PUBLISH_TIMEOUT_S,
        )
        await message.ack()


def create_bus(settings: BaseServiceSettings, *, client_name: str) -> NatsBus:
    """A bus that is not connected yet: the lifespan connects it (never at import).

    `nats_url` may list several servers, comma-separated (a cluster): the client starts with
    whichever answers and fails over to the others, and to those the cluster tells it of."""
    return NatsBus(nats_servers(settings.nats_url), client_name=client_name)


def _count_published(types: Sequence[str]) -> None:
    for event_type in types:
        published_of(event_type).inc()
