"""NATS JetStream through faststream: streams, publishing with ids, and safe consumers.

- Streams are provisioned idempotently at start (file storage, duplicate window, limits).
- `publish_event` sets `Nats-Msg-Id` = `event_id` (JetStream drops a duplicate publish) and
  carries the `trace_id` in a header; it returns only once JetStream has stored the event.
- `consume` wraps a handler in a durable pull consumer with explicit ack after the work:
  unreadable messages are parked on `helpline.parked.<consumer>` with a reason and acked, so
  one poison message never blocks the rest; a failing handler is retried with backoff and
  parked after `max_deliver` attempts.
- `consume_batch` is the same consumer for a handler that applies many events at once (one
  database transaction for the lot): the events in flight are handed over together, in
  stream order; if the batch fails, each event is retried alone, so only the bad one is
  redelivered or parked. Every event is still acked on its own, after the handler returns.
- `rpc_handler` / `request` carry commands and queries over core NATS request/reply.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Generic, TypeVar

import nats.js.errors
from faststream import AckPolicy
from faststream.nats import (
    ConsumerConfig,
    DeliverPolicy,
    JStream,
    NatsBroker,
    NatsMessage,
    PullSub,
    StorageType,
    StreamConfig,
)
from nats.js import JetStreamContext
from prometheus_client import Counter, Histogram

from peerline_shared.events import CommandResult, EventBase, UnreadableMessage, decode, encode
from peerline_shared.events import subjects as subj
from peerline_shared.logging import get_logger, log_context
from peerline_shared.settings import BaseServiceSettings

E = TypeVar("E", bound=EventBase)
R = TypeVar("R", bound=EventBase)
Handler = Callable[[E], Awaitable[None]]
BatchHandler = Callable[[Sequence[E]], Awaitable[None]]

TRACE_HEADER = "Peerline-Trace-Id"
TYPE_HEADER = "Peerline-Event-Type"
MAX_DELIVER = 8
PUBLISH_TIMEOUT_S = 5.0

log = get_logger()

MESSAGES_CONSUMED = Counter(
    "peerline_messages_consumed_total", "Events handled by a consumer", ["consumer", "outcome"]
)
REDELIVERIES = Counter(
    "peerline_consumer_redeliveries_total", "Events delivered more than once", ["consumer"]
)
MESSAGES_PUBLISHED = Counter("peerline_messages_published_total", "Events published", ["type"])
MESSAGES_RECEIVED = Counter(
    "peerline_messages_received_total", "Readable events delivered to a consumer, by type",
    ["consumer", "type"],
)
HANDLE_SECONDS = Histogram(
    "peerline_consumer_handle_seconds", "Time a consumer's handler took for one event (ok or not)",
    ["consumer"], buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)


def create_broker(settings: BaseServiceSettings, *, client_name: str) -> NatsBroker:
    """A broker that is not connected yet: the lifespan connects it (never at import).

    `nats_url` may list several servers, comma-separated (a cluster): the client starts with
    whichever answers and fails over to the others."""
    return NatsBroker(
        nats_servers(settings.nats_url),
        name=client_name,
        max_reconnect_attempts=-1,
        reconnect_time_wait=1,
        logger=None,
    )


def nats_servers(nats_url: str) -> list[str]:
    """`nats://a:4222,nats://b:4222` -> both URLs (a single URL gives a one-item list)."""
    return [url.strip() for url in nats_url.split(",") if url.strip()]


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
    """Publish to JetStream and wait for the stream's ack; raises if it was not stored."""
    await broker.publish(
        encode(event),
        subject,
        headers=event_headers(event),
        stream=subj.STREAM_EVENTS,
        timeout=PUBLISH_TIMEOUT_S,
    )
    MESSAGES_PUBLISHED.labels(event.type).inc()


FETCH_WAIT_S = 5.0
"""How long one idle pull waits on the server before the next (bounds idle polling only)."""


def delivered_as_is(message: NatsMessage) -> NatsMessage:
    """A subscriber decoder that hands the handler the message itself. Entry points declare it
    untyped (`message: Any`): a `NatsMessage` or `Context` parameter is resolved by faststream's
    dependency injection in a worker thread for every message, and its default decoder parses
    JSON that `decode` parses again; together about 40% of a consumer's CPU per message."""
    return message


def durable_subscription(
    broker: NatsBroker,
    *,
    subject: str,
    durable: str,
    max_workers: int = 1,
    ack_wait_s: float = 30.0,
) -> Any:
    """A durable pull consumer on the events stream with manual (explicit) acks.

    It fetches one message at a time: nats-py's fetch of one returns as soon as a message is
    there, while a fetch of many waits for the batch to fill until its timeout. `max_workers`
    messages may be in flight (handled concurrently) at once."""
    return broker.subscriber(
        subject,
        decoder=delivered_as_is,
        stream=JStream(subj.STREAM_EVENTS, declare=False),
        durable=durable,
        pull_sub=PullSub(batch_size=1, timeout=FETCH_WAIT_S),
        config=ConsumerConfig(
            ack_wait=ack_wait_s,
            max_deliver=MAX_DELIVER + 1,
            deliver_policy=DeliverPolicy.ALL,
            filter_subject=subject,
        ),
        ack_policy=AckPolicy.MANUAL,
        max_workers=max_workers,
    )


def consume(
    broker: NatsBroker,
    *,
    subject: str,
    durable: str,
    model: type[E],
    max_workers: int = 1,
    ack_wait_s: float = 30.0,
) -> Callable[[Handler[E]], Handler[E]]:
    """Register `handler(event)` as a durable, explicitly-acked, poison-safe consumer.

    `ack_wait_s`: how long a delivered, unacked event waits before redelivery (after a crash)."""

    def register(handler: Handler[E]) -> Handler[E]:
        subscriber = durable_subscription(
            broker, subject=subject, durable=durable, max_workers=max_workers, ack_wait_s=ack_wait_s
        )

        async def entry(message: Any) -> None:
            await _handle_one(message, model, handler, durable, broker)

        entry.__name__ = f"consume_{durable}"
        subscriber(entry)
        return handler

    return register


async def _handle_one(
    message: NatsMessage,
    model: type[E],
    handler: Handler[E],
    consumer: str,
    broker: NatsBroker,
) -> None:
    attempt = _delivery_count(message)
    if attempt > 1:
        REDELIVERIES.labels(consumer).inc()
    try:
        event = decode(model, message.body)
    except UnreadableMessage as problem:
        await _park(broker, message, consumer, str(problem))
        return
    MESSAGES_RECEIVED.labels(consumer, event.type).inc()
    with log_context(trace_id=event.trace_id, event_id=str(event.event_id)):
        try:
            with HANDLE_SECONDS.labels(consumer).time():
                await handler(event)
        except Exception as exc:
            await _retry_or_park(broker, message, consumer, attempt, exc)
            return
        await message.ack()
        MESSAGES_CONSUMED.labels(consumer, "ok").inc()


def consume_batch(
    broker: NatsBroker,
    *,
    subject: str,
    durable: str,
    model: type[E],
    max_batch: int = 64,
    ack_wait_s: float = 30.0,
) -> Callable[[BatchHandler[E]], BatchHandler[E]]:
    """Register `handler(events)` as a durable, explicitly-acked, poison-safe consumer that
    receives the events in flight together (up to `max_batch`, in stream order).

    Events are fetched one at a time with up to `max_batch` in flight: a fetch of one returns
    as soon as an event is there, where nats-py's fetch of many waits for the batch to fill
    (up to its timeout), which alone would add that wait to every quiet-hour message. Under
    load a batch holds what arrived while the previous one was handled; alone, an event waits
    about a millisecond for company. The handler must be idempotent per event (a failed batch
    is retried one event at a time)."""

    def register(handler: BatchHandler[E]) -> BatchHandler[E]:
        # Twice the batch in flight: the next batch gathers while this one is handled.
        subscriber = durable_subscription(
            broker, subject=subject, durable=durable, max_workers=2 * max_batch, ack_wait_s=ack_wait_s
        )
        batcher = _Batcher(handler, durable, max_batch)

        async def entry(message: Any) -> None:
            async def submit(event: E) -> None:
                await batcher.submit(event, _stream_sequence(message))

            await _handle_one(message, model, submit, durable, broker)

        entry.__name__ = f"consume_batch_{durable}"
        subscriber(entry)
        return handler

    return register


class _Batcher(Generic[E]):
    """Collects submitted events and hands them to the handler together, one batch at a time."""

    def __init__(self, handler: BatchHandler[E], consumer: str, most: int) -> None:
        self.handler = handler
        self.consumer = consumer
        self.most = most
        self.pending: list[tuple[int, E, asyncio.Future[None]]] = []
        self.flusher: asyncio.Task[None] | None = None

    async def submit(self, event: E, sequence: int) -> None:
        """Returns once `event` was handled (in a batch, or alone); raises what it raised.
        `sequence` (the stream's) restores arrival order, which concurrent delivery shuffles."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.pending.append((sequence, event, done))
        if self.flusher is None or self.flusher.done():
            # A fresh context: the batch's log lines must not carry this event's trace id.
            loop = asyncio.get_running_loop()
            self.flusher = loop.create_task(self._flush(), context=contextvars.Context())
        await done

    async def _flush(self) -> None:
        await self._gathered()
        while self.pending:
            arrived = sorted(self.pending, key=lambda item: item[0])
            self.pending = arrived[self.most :]
            batch = [(event, done) for _, event, done in arrived[: self.most]]
            try:
                await self.handler([event for event, _ in batch])
            except Exception as exc:
                log.warning("consumer.batch_failed", consumer=self.consumer, batch_size=len(batch),
                            error_type=type(exc).__name__)
                await self._one_by_one(batch)
                continue
            for _, done in batch:
                _settle(done, None)

    async def _gathered(self, quiet_s: float = 0.001, most_s: float = 0.01) -> None:
        """Wait until events in flight stop arriving (quiet for `quiet_s`, at most `most_s`): a
        backlog comes in one fetch round trip at a time, each through faststream's middlewares."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + most_s
        waiting = -1
        while len(self.pending) != waiting and loop.time() < deadline:
            waiting = len(self.pending)
            await asyncio.sleep(quiet_s)

    async def _one_by_one(self, batch: list[tuple[E, asyncio.Future[None]]]) -> None:
        for event, done in batch:
            with log_context(trace_id=event.trace_id, event_id=str(event.event_id)):
                try:
                    await self.handler([event])
                except Exception as exc:
                    _settle(done, exc)
                    continue
            _settle(done, None)


def _settle(done: asyncio.Future[None], error: Exception | None) -> None:
    if done.done():
        return
    if error is None:
        done.set_result(None)
    else:
        done.set_exception(error)


def _stream_sequence(message: NatsMessage) -> int:
    metadata = getattr(message.raw_message, "metadata", None)
    return int(getattr(getattr(metadata, "sequence", None), "stream", 0) or 0)


def _delivery_count(message: NatsMessage) -> int:
    metadata = getattr(message.raw_message, "metadata", None)
    return int(getattr(metadata, "num_delivered", 1) or 1)


async def _retry_or_park(
    broker: NatsBroker,
    message: NatsMessage,
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
    await message.nack(delay=delay)


async def _park(broker: NatsBroker, message: NatsMessage, consumer: str, reason: str) -> None:
    """Keep the message, with the reason, on the parked stream; then ack the original."""
    log.error("consumer.parked", consumer=consumer, reason=reason[:300])
    MESSAGES_CONSUMED.labels(consumer, "parked").inc()
    await broker.publish(
        message.body,
        subj.parked(consumer),
        headers={
            "Peerline-Park-Reason": reason[:500],
            "Peerline-Original-Subject": message.raw_message.subject,
        },
        stream=subj.STREAM_PARKED,
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
