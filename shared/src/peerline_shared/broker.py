"""NATS JetStream for every service: streams, publishing with ids, and safe consumers.

faststream's broker holds the connection and serves the RPC subjects; events are published
and consumed on nats-py's JetStream context directly (faststream's layers doubled the CPU of
a publish and of a consumed event, measured).

- Streams are provisioned idempotently at start (file storage, duplicate window, limits).
- `publish_event` sets `Nats-Msg-Id` = `event_id` (JetStream drops a duplicate publish) and
  carries the `trace_id` in a header; it returns only once JetStream has stored the event.
- `consume` wraps a handler in a durable pull consumer with explicit ack after the work:
  unreadable messages are parked on `helpline.parked.<consumer>` with a reason and acked, so
  one poison message never blocks the rest; a failing handler is retried with backoff and
  parked after `max_deliver` attempts.
- `consume_batch` is the same consumer for a handler that applies many events at once (one
  database transaction for the lot): the events in hand are handed over together, in stream
  order; if the batch fails, each event is retried alone, so only the bad one is redelivered
  or parked. Every event is still acked on its own, after the handler returns. Both are in
  `consumers`.
- `follow` gives each process its own copy of every event published on a subject while it is
  connected (live views: the consoles), with no consumer on the stream at all.
- `rpc_handler` / `request` carry commands and queries over core NATS request/reply.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import nats.js.errors
from faststream.nats import (
    NatsBroker,
    NatsMessage,
    StorageType,
    StreamConfig,
)
from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.js import JetStreamContext

from peerline_shared.consumer_metrics import MESSAGES_CONSUMED, MESSAGES_PUBLISHED
from peerline_shared.consumers import (
    BatchConsumer,
    BatchHandler,
    BodyHandler,
    Consumer,
    EachConsumer,
    Follower,
    Handler,
    PullConsumer,
    consumer_config,
)
from peerline_shared.events import CommandResult, EventBase, UnreadableMessage, decode, encode
from peerline_shared.events import subjects as subj
from peerline_shared.logging import get_logger, log_context
from peerline_shared.nats_connection import ConnectionEvents, nats_servers, server_address
from peerline_shared.settings import BaseServiceSettings

E = TypeVar("E", bound=EventBase)
R = TypeVar("R", bound=EventBase)

TRACE_HEADER = "Peerline-Trace-Id"
TYPE_HEADER = "Peerline-Event-Type"
MAX_DELIVER = 8
PUBLISH_TIMEOUT_S = 5.0
PARK_REASON_HEADER = "Peerline-Park-Reason"
ORIGINAL_SUBJECT_HEADER = "Peerline-Original-Subject"

log = get_logger()

class PeerlineBroker(NatsBroker):
    """faststream's broker, which also starts and stops the consumers and followers (`consume`,
    `consume_batch`, `follow`) that run on nats-py directly, and whose connection fails over
    to the other nodes of a cluster and logs it (`nats_connection`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.consumers: list[Consumer] = []
        self.connection_events = ConnectionEvents(self.current_connection)
        # faststream's own error callback re-raises authorization errors, which ends
        # nats-py's reconnecting for good: ours replaces it (and its other callbacks).
        self.connection_events.install(self._connection_kwargs)

    async def _connect(self) -> Client:
        connection: Client = await super()._connect()
        self.connection_events.connected_once = True
        log.info("nats.connected", server=server_address(connection))
        return connection

    def current_connection(self) -> Client | None:
        """The nats-py client once connected (None before and after)."""
        state = self.config.connection_state
        return state.connection if state else None

    async def start(self) -> None:
        await super().start()
        connection = self.config.connection_state.connection
        for consumer in self.consumers:
            await consumer.start(connection)
        # Started means subscribed: the server has every SUB before the service says it is up
        # (a request right after start would otherwise find no responders).
        await connection.flush()

    async def stop(self, *args: Any, **kwargs: Any) -> None:
        await asyncio.gather(*(consumer.stop() for consumer in self.consumers))
        await super().stop(*args, **kwargs)


def create_broker(settings: BaseServiceSettings, *, client_name: str) -> PeerlineBroker:
    """A broker that is not connected yet: the lifespan connects it (never at import).

    `nats_url` may list several servers, comma-separated (a cluster): the client starts with
    whichever answers and fails over to the others, and to those the cluster tells it of."""
    servers = nats_servers(settings.nats_url)
    return PeerlineBroker(
        servers.urls,
        security=servers.security,
        name=client_name,
        max_reconnect_attempts=-1,
        reconnect_time_wait=1,
        logger=None,
    )


def stream_configs(settings: BaseServiceSettings) -> list[StreamConfig]:
    common: dict[str, Any] = {
        "storage": StorageType.FILE,
        "num_replicas": settings.stream_replicas,
        "duplicate_window": settings.duplicate_window_seconds,
        "max_msg_size": 256 * 1024,
    }
    return [
        StreamConfig(
            name=subj.STREAM_EVENTS,
            subjects=list(subj.STREAM_SUBJECTS),
            max_age=settings.stream_max_age_hours * 3600,
            max_bytes=4 * 1024**3,
            **common,
        ),
        StreamConfig(
            name=subj.STREAM_PARKED,
            subjects=[subj.PARKED_ALL],
            max_age=14 * 24 * 3600,
            max_bytes=512 * 1024**2,
            **common,
        ),
    ]


async def provision_streams(js: JetStreamContext, settings: BaseServiceSettings) -> None:
    """Create or update Peerline's streams; safe to run from every service at every start."""
    for config in stream_configs(settings):
        try:
            await js.add_stream(config)
        except nats.js.errors.BadRequestError:
            await js.update_stream(config)


def event_headers(event: EventBase) -> dict[str, str]:
    return {
        "Nats-Msg-Id": str(event.event_id),
        TRACE_HEADER: event.trace_id,
        TYPE_HEADER: f"{event.type}/v{event.schema_version}",
    }


async def publish_event(broker: NatsBroker, event: EventBase, subject: str) -> None:
    """Publish to JetStream and wait for the stream's ack; raises if it was not stored.

    On the connection's JetStream context itself: faststream's `publish` (its middlewares
    and publisher lookup) doubled the CPU of every publish (223 against 115 µs, measured)."""
    await jetstream(broker).publish(
        subject,
        encode(event),
        timeout=PUBLISH_TIMEOUT_S,
        stream=subj.STREAM_EVENTS,
        headers=event_headers(event),
    )
    MESSAGES_PUBLISHED.labels(event.type).inc()


async def delivered_as_is(message: NatsMessage) -> NatsMessage:
    """A subscriber decoder that hands the handler the message itself. Entry points declare it
    untyped (`message: Any`): a `NatsMessage` or `Context` parameter is resolved by faststream's
    dependency injection in a worker thread for every message, and its default decoder parses
    JSON that `decode` parses again; together about 40% of a consumer's CPU per message.

    It is a coroutine function on purpose: faststream runs a plain function decoder in a
    worker thread (`to_async` → `run_in_threadpool`), one thread hop for every message."""
    return message


def consume(
    broker: NatsBroker,
    *,
    subject: str,
    durable: str,
    model: type[E],
    max_workers: int = 1,
    ack_wait_s: float = 30.0,
) -> Callable[[Handler[E]], Handler[E]]:
    """Register `handler(event)` as a durable, explicitly-acked, poison-safe consumer that
    handles up to `max_workers` events at once (one: in stream order); see `consumers`.

    `ack_wait_s`: how long a delivered, unacked event waits before redelivery (after a crash).
    It starts and stops with the broker (a `PeerlineBroker`, from `create_broker`)."""

    def register(handler: Handler[E]) -> Handler[E]:
        _add_consumer(broker, EachConsumer, subject, durable, model, ack_wait_s,
                      handler=handler, max_workers=max_workers)
        return handler

    return register


def consume_batch(
    broker: NatsBroker,
    *,
    subject: str,
    durable: str,
    model: type[E],
    max_batch: int = 64,
    ack_wait_s: float = 30.0,
    from_now: bool = False,
) -> Callable[[BatchHandler[E]], BatchHandler[E]]:
    """Register `handler(events)` as a durable, explicitly-acked, poison-safe consumer that
    receives the events in hand together (up to `max_batch`, in stream order): see `consumers`.
    It starts and stops with the broker (a `PeerlineBroker`, from `create_broker`).

    `from_now`: when first created, start at the events published from then on, not at the
    stream's history (a consumer added to a running helpline that must not act on the past)."""

    def register(handler: BatchHandler[E]) -> BatchHandler[E]:
        _add_consumer(broker, BatchConsumer, subject, durable, model, ack_wait_s,
                      handler=handler, max_batch=max_batch, from_now=from_now)
        return handler

    return register


def _add_consumer(
    broker: NatsBroker,
    kind: type[PullConsumer[Any]],
    subject: str,
    durable: str,
    model: type[EventBase],
    ack_wait_s: float,
    from_now: bool = False,
    **handling: Any,
) -> None:
    """Either kind of consumer, with what both are made of: the durable consumer's
    configuration, and how to park or retry an event."""
    config = consumer_config(
        subject, durable, ack_wait_s=ack_wait_s, max_deliver=MAX_DELIVER + 1, from_now=from_now
    )
    _consumers(broker).append(
        kind(
            subject=subject,
            durable=durable,
            model=model,
            config=config,
            park=functools.partial(_park, broker),
            retry_or_park=functools.partial(_retry_or_park, broker),
            **handling,
        )
    )


def follow(broker: NatsBroker, *, subject: str) -> Callable[[BodyHandler], BodyHandler]:
    """Register `handler(body)` for every event published on `subject` while this process is
    connected, each process its own copy (live views): a core NATS subscription beside the
    stream, with nothing stored or acked for it. Events published while this process is
    disconnected are missed, and an event the outbox publishes again is seen again."""

    def register(handler: BodyHandler) -> BodyHandler:
        _consumers(broker).append(Follower(subject=subject, handler=handler))
        return handler

    return register


def _consumers(broker: NatsBroker) -> list[Consumer]:
    if not isinstance(broker, PeerlineBroker):
        raise TypeError("consumers need a broker from create_broker (it starts them)")
    return broker.consumers


async def _retry_or_park(
    broker: NatsBroker,
    message: Msg,
    consumer: str,
    attempt: int,
    exc: Exception,
) -> None:
    if attempt >= MAX_DELIVER:
        log.error("consumer.gave_up", consumer=consumer, attempt=attempt, error_type=type(exc).__name__)
        await _park(broker, message, consumer, f"failed {attempt} times: {type(exc).__name__}")
        return
    delay = min(0.2 * 2**attempt, 15.0)
    log.warning(
        "consumer.retry",
        consumer=consumer,
        attempt=attempt,
        delay_s=delay,
        error_type=type(exc).__name__,
    )
    MESSAGES_CONSUMED.labels(consumer, "retry").inc()
    await message.nak(delay=delay)


async def _park(broker: NatsBroker, message: Msg, consumer: str, reason: str) -> None:
    """Keep the message, with the reason and its own headers (its trace), on the parked
    stream; then ack the original. Not under the original's `Nats-Msg-Id`: the same event
    parked by two consumers must be kept twice, not de-duplicated."""
    log.error("consumer.parked", consumer=consumer, reason=reason[:300])
    MESSAGES_CONSUMED.labels(consumer, "parked").inc()
    kept = {name: value for name, value in (message.headers or {}).items() if name != "Nats-Msg-Id"}
    await jetstream(broker).publish(
        subj.parked(consumer),
        message.data,
        timeout=PUBLISH_TIMEOUT_S,
        stream=subj.STREAM_PARKED,
        headers={**kept, PARK_REASON_HEADER: reason[:500], ORIGINAL_SUBJECT_HEADER: message.subject},
    )
    await message.ack()


RpcHandler = Callable[[E], Awaitable[EventBase]]


def rpc_handler(
    broker: NatsBroker, *, subject: str, model: type[E], queue: str
) -> Callable[[RpcHandler[E]], RpcHandler[E]]:
    """Answer commands or queries on a core NATS subject; replicas share it through `queue`.

    An unreadable request gets a `CommandResult(ok=False, error="bad_request")` reply rather
    than silence, so the caller sees a clear error instead of a timeout.
    """

    def register(handler: RpcHandler[E]) -> RpcHandler[E]:
        async def entry(message: Any) -> bytes:
            try:
                query = decode(model, message.body)
            except UnreadableMessage as problem:
                return encode(CommandResult(ok=False, error="bad_request", detail=str(problem)))
            with log_context(trace_id=query.trace_id, event_id=str(query.event_id)):
                return encode(await handler(query))

        entry.__name__ = f"rpc_{subject.replace('.', '_')}"
        broker.subscriber(subject, queue=queue, decoder=delivered_as_is)(entry)
        return handler

    return register


async def request(
    broker: NatsBroker, subject: str, query: EventBase, reply: type[R], timeout: float = 3.0
) -> R:
    """Send a command or query and decode its typed reply (`CommandResult` on bad input)."""
    response = await broker.request(
        encode(query), subject, headers={TRACE_HEADER: query.trace_id}, timeout=timeout
    )
    return decode(reply, response.body)


def jetstream(broker: NatsBroker) -> JetStreamContext:
    """The connected broker's JetStream context (for provisioning and inspection)."""
    js: JetStreamContext = broker.config.connection_state.stream
    return js
