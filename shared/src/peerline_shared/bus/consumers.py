"""Durable pull consumers on nats-py directly: one fetch loop, two ways to hand events over.

- `BatchConsumer` hands the events in hand to one handler together (one database transaction
  for the lot), in stream order. If the batch fails, each event is retried alone, so only the
  bad one is redelivered (with backoff) or parked; a batch of one that fails goes straight to
  redelivery (it was already alone). With `overlap`, a handler that returns its publishes'
  `Sending` has its batch acked once they are stored, while the next batch is handled.
- `EachConsumer` hands each event to the handler on its own, up to `max_workers` at once
  (one: in stream order). A failing event is redelivered or parked; the others go on.
- The followers (`followers.py`) are not consumers of the stream but core subscriptions.

Why not faststream's pull subscriber: it fetches either one message per round trip (which
caps a consumer at a few hundred a second on a busy machine) or a batch that, once the first
message is there, waits for the batch to fill until its timeout (which adds that wait to every
message of a quiet hour); and its middlewares and dependency injection cost more CPU per
message than most handlers. This loop waits for the first message with one long pull, then
takes as many as the server says are waiting behind it (room permitting).

Every event is acked on its own once its handler returned. A crash before the ack
redelivers it after `ack_wait`: handlers must be idempotent per event.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.aio.subscription import Subscription
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy

from peerline_shared.bus.metrics import (
    HANDLE_SECONDS,
    MESSAGES_CONSUMED,
    MESSAGES_RECEIVED,
    REDELIVERIES,
)
from peerline_shared.bus.publishing import Sending
from peerline_shared.bus.rate import RecentRate, linger_wait
from peerline_shared.events import EventBase, UnreadableMessage, decode
from peerline_shared.events import subjects as subj
from peerline_shared.logging import get_logger, log_context
from peerline_shared.tasks import cancel_until_done

E = TypeVar("E", bound=EventBase)
Handler = Callable[[E], Awaitable[None]]
BatchHandler = Callable[[Sequence[E]], Awaitable[Sending | None]]
Parker = Callable[[Msg, str, str], Awaitable[None]]
Retrier = Callable[[Msg, str, int, Exception], Awaitable[None]]

FETCH_WAIT_S = 5.0
"""One idle pull's wait on the server (bounds idle polling only)."""
GATHER_S = 0.05
"""Once a message is in hand, how long the others the server said were waiting may take to
arrive (a fetch returns as soon as they are all there)."""
FAILED_FETCH_PAUSE_S = 1.0
STOP_WAIT_S = 5.0

log = get_logger()


def consumer_config(
    subject: str, durable: str, *, ack_wait_s: float, max_deliver: int, from_now: bool = False
) -> ConsumerConfig:
    """`from_now`: a new durable consumer starts with the events published after its creation,
    not with the stream's history (it then resumes where it stopped, like any other)."""
    return ConsumerConfig(
        durable_name=durable,
        ack_policy=AckPolicy.EXPLICIT,
        ack_wait=ack_wait_s,
        max_deliver=max_deliver,
        deliver_policy=DeliverPolicy.NEW if from_now else DeliverPolicy.ALL,
        filter_subject=subject,
    )


class Consumer(Protocol):
    """What the broker starts once connected and stops before it closes."""

    async def start(self, connection: Client) -> None: ...

    async def stop(self) -> None: ...


@dataclass(kw_only=True)
class PullConsumer(Generic[E]):
    """The fetch loop; a subclass says how many events it can take now and what to do with them."""

    subject: str
    durable: str
    model: type[E]
    config: ConsumerConfig
    park: Parker
    retry_or_park: Retrier
    linger_s: float = 0.0
    """Under load, the shortest time between two pulls: how long a batch may grow before it is
    handed over (`rate.linger_wait`); 0: take only what is waiting."""
    rate: RecentRate = field(default_factory=RecentRate, init=False)
    pulled_at: float = field(default=0.0, init=False)
    task: asyncio.Task[None] | None = field(default=None, init=False)
    subscription: JetStreamContext.PullSubscription | None = field(default=None, init=False)

    async def start(self, connection: Client) -> None:
        self.subscription = await connection.jetstream().pull_subscribe(
            self.subject, durable=self.durable, stream=subj.STREAM_EVENTS, config=self.config
        )
        self.task = asyncio.create_task(self._run(self.subscription), name=f"consume_{self.durable}")

    async def stop(self) -> None:
        """Stop fetching; what is not acked by then comes back after `ack_wait`."""
        if self.task is not None:
            # Bounded: a handler stuck on a dead connection must not hang the shutdown.
            await cancel_until_done(self.task, within=STOP_WAIT_S)
            self.task = None
        await self._finish()
        await unsubscribe_quietly(self.subscription)
        self.subscription = None

    async def _room(self) -> int:
        """How many events to fetch now (waits while there is no room)."""
        raise NotImplementedError

    async def _take(self, messages: list[Msg]) -> None:
        raise NotImplementedError

    async def _finish(self) -> None:
        """Let events being handled end (bounded) when stopping."""

    async def _run(self, subscription: JetStreamContext.PullSubscription) -> None:
        while True:
            room = await self._room()
            try:
                messages = await self._fetch(subscription, room)
            except TimeoutError:  # nats-py raises its own and asyncio's: both are this one
                continue
            except Exception as exc:  # reconnecting, or the consumer is being re-created
                log.warning("consumer.fetch_failed", consumer=self.durable, error_type=type(exc).__name__,
                            error=str(exc)[:200])
                await asyncio.sleep(FAILED_FETCH_PAUSE_S)
                continue
            try:
                await self._take(messages)
            except Exception as exc:  # parking or acking failed (NATS went away): what is not
                # acked comes back after ack_wait; the loop must live on
                log.error("consumer.handle_failed", consumer=self.durable, error_type=type(exc).__name__)

    async def _fetch(self, subscription: JetStreamContext.PullSubscription, room: int) -> list[Msg]:
        messages = await subscription.fetch(1, timeout=FETCH_WAIT_S)
        # Only what the server says is waiting behind the first: a quiet hour's message goes
        # at once (a speculative pull would linger for its whole expiry), and a backlog comes
        # in whole batches however busy the machine is.
        waiting = min(waiting_behind(messages[-1]), room - 1)
        # Under load the consumer lingers, then pulls what arrived meanwhile (nats-server hands
        # a pull what is there at once; it does not wait for the batch to fill). A call's fixed
        # costs (its round trips, its transaction) are then shared by more messages when the
        # machine is busiest. The linger spaces pulls, it is not added to each: the time the
        # last batch took counts towards it (`linger_wait`, which says when it is not worth it).
        wanted, within = waiting, GATHER_S
        wait = linger_wait(per_second=self.rate.per_second(), linger_s=self.linger_s,
                           since_last_pull_s=time.monotonic() - self.pulled_at, waiting=waiting, room=room)
        if wait:
            await asyncio.sleep(wait)
            wanted, within = room - 1, self.linger_s
        if wanted > 0:
            try:
                messages += await subscription.fetch(wanted, timeout=within)
            except TimeoutError:
                pass  # another replica took them: go with the one in hand
            except Exception as exc:  # never drop the one in hand (it would wait for ack_wait)
                log.warning("consumer.fetch_failed", consumer=self.durable, error_type=type(exc).__name__,
                            error=str(exc)[:200])
        self.rate.add(len(messages))
        self.pulled_at = time.monotonic()
        return messages

    async def _readable(self, messages: list[Msg]) -> list[tuple[Msg, E]]:
        """Decoded events; an unreadable message is parked (and acked) at once."""
        readable: list[tuple[Msg, E]] = []
        for message in messages:
            if delivery_count(message) > 1:
                REDELIVERIES.labels(self.durable).inc()
            try:
                event = decode(self.model, message.data)
            except UnreadableMessage as problem:
                await self.park(message, self.durable, str(problem))
                continue
            MESSAGES_RECEIVED.labels(self.durable, event.type).inc()
            readable.append((message, event))
        return readable

    async def _give_back(self, message: Msg, exc: Exception) -> None:
        """Redelivered later (with backoff), or parked after the last attempt."""
        await self.retry_or_park(message, self.durable, delivery_count(message), exc)


@dataclass(kw_only=True)
class BatchConsumer(PullConsumer[E]):
    handler: BatchHandler[E]
    max_batch: int = 64
    overlap: int = 0
    """How many handled batches may still wait for their publishes to be stored while the next
    is handled (the handler returns the `Sending`); 0: each is stored and acked first."""
    settling: set[asyncio.Task[None]] = field(default_factory=set, init=False)

    async def _room(self) -> int:
        # At most `overlap` batches wait to be stored while the next one is handled.
        while len(self.settling) > self.overlap:
            await asyncio.wait(set(self.settling), return_when=asyncio.FIRST_COMPLETED)
        return self.max_batch

    async def _take(self, messages: list[Msg]) -> None:
        readable = await self._readable(messages)
        if not readable:
            return
        try:
            with HANDLE_SECONDS.labels(self.durable).time():
                sending = await self.handler([event for _, event in readable])
        except Exception as exc:
            if len(readable) == 1:  # already alone: trying it again at once would repeat the work
                message, event = readable[0]
                with _context_of(event):
                    await self._give_back(message, exc)
                return
            log.warning("consumer.batch_failed", consumer=self.durable, batch_size=len(readable),
                        error_type=type(exc).__name__)
            for message, event in readable:
                await self._one(message, event)
            return
        if sending is None or not self.overlap:
            await self._settled(readable, sending)
            return
        task = asyncio.create_task(self._settled_in_background(readable, sending))
        self.settling.add(task)
        task.add_done_callback(self.settling.discard)

    async def _settled_in_background(self, readable: list[tuple[Msg, E]], sending: Sending) -> None:
        try:
            await self._settled(readable, sending)
        except Exception as exc:  # acking or parking failed (NATS went away): they come back
            log.error("consumer.handle_failed", consumer=self.durable, error_type=type(exc).__name__)

    async def _settled(self, readable: list[tuple[Msg, E]], sending: Sending | None) -> None:
        """Ack the batch once what it published is stored; if that fails, each event comes back
        (with backoff) and is handled again, its events dropped as duplicates where stored."""
        try:
            if sending is not None:
                await sending.stored()
        except Exception as exc:
            log.warning("consumer.batch_not_stored", consumer=self.durable, batch_size=len(readable),
                        error_type=type(exc).__name__)
            for message, event in readable:
                with _context_of(event):
                    await self._give_back(message, exc)
            return
        for message, _ in readable:
            await _acked(message, self.durable)

    async def _finish(self) -> None:
        if self.settling:
            await asyncio.wait(set(self.settling), timeout=STOP_WAIT_S)

    async def _one(self, message: Msg, event: E) -> None:
        with _context_of(event):
            try:
                sending = await self.handler([event])
                if sending is not None:
                    await sending.stored()
            except Exception as exc:
                await self._give_back(message, exc)
                return
        await _acked(message, self.durable)


@dataclass(kw_only=True)
class EachConsumer(PullConsumer[E]):
    handler: Handler[E]
    max_workers: int = 1
    running: set[asyncio.Task[None]] = field(default_factory=set, init=False)

    async def _room(self) -> int:
        # Fetch no more than the free workers take: a fetched event's ack wait is running.
        while len(self.running) >= self.max_workers:
            await asyncio.wait(set(self.running), return_when=asyncio.FIRST_COMPLETED)
        return self.max_workers - len(self.running)

    async def _take(self, messages: list[Msg]) -> None:
        for message, event in await self._readable(messages):
            task = asyncio.create_task(self._guarded(message, event))
            self.running.add(task)
            task.add_done_callback(self.running.discard)

    async def _finish(self) -> None:
        if self.running:
            await asyncio.wait(set(self.running), timeout=STOP_WAIT_S)
        for task in set(self.running):
            await cancel_until_done(task, within=STOP_WAIT_S)

    async def _guarded(self, message: Msg, event: E) -> None:
        with _context_of(event):
            try:
                await self._one(message, event)
            except Exception as exc:  # acking or parking failed: it comes back after ack_wait
                log.error("consumer.handle_failed", consumer=self.durable, error_type=type(exc).__name__)

    async def _one(self, message: Msg, event: E) -> None:
        try:
            with HANDLE_SECONDS.labels(self.durable).time():
                await self.handler(event)
        except Exception as exc:
            await self._give_back(message, exc)
            return
        await _acked(message, self.durable)


async def unsubscribe_quietly(subscription: Subscription | JetStreamContext.PullSubscription | None) -> None:
    """Bounded, and quiet when NATS is gone: left subscribed, the connection's drain at close
    would wait for it."""
    if subscription is not None:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(subscription.unsubscribe(), STOP_WAIT_S)


def _context_of(event: EventBase) -> AbstractContextManager[None]:
    return log_context(trace_id=event.trace_id, event_id=str(event.event_id))


async def _acked(message: Msg, consumer: str) -> None:
    await message.ack()
    MESSAGES_CONSUMED.labels(consumer, "ok").inc()


def waiting_behind(message: Msg) -> int:
    """How many messages the consumer still had for us when it delivered this one."""
    return _ack_number(message, NUM_PENDING, 0)


def delivery_count(message: Msg) -> int:
    return _ack_number(message, NUM_DELIVERED, 1)


NUM_DELIVERED, NUM_PENDING = 6, 10
"""Where a JetStream delivery's ack subject carries them, in its form with a domain and an
account hash (`$JS.ACK.<domain>.<hash>.<stream>.<consumer>.<delivered>.<stream seq>.<consumer
seq>.<time>.<pending>[.<token>]`); the older form (9 tokens) lacks the first two."""


def _ack_number(message: Msg, index: int, otherwise: int) -> int:
    """A number of the ack subject, read straight from it: nats-py's `Msg.metadata` builds
    frozen dataclasses and a datetime for each message (about 10 µs, twice a message in
    triage's two consumers), and only this number is wanted. `otherwise` when the message is
    not a JetStream delivery (core NATS, a test double)."""
    tokens = (getattr(message, "reply", None) or "").split(".")
    if len(tokens) == 9:
        index -= 2
    elif len(tokens) < 11:
        return otherwise
    if tokens[0] != "$JS" or tokens[1] != "ACK":
        return otherwise
    try:
        return int(tokens[index])
    except ValueError:
        return otherwise
