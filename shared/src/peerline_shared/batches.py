"""A durable pull consumer for handlers that apply many events at once (one database
transaction for the lot), on nats-py directly.

Why not faststream's pull subscriber: it fetches either one message per round trip (which
caps a consumer at a few hundred a second on a busy machine) or a batch that, once the first
message is there, waits for the batch to fill until its timeout (which adds that wait to every
message of a quiet hour). This loop waits for the first message with one long pull, then takes
whatever else is already there within `GATHER_S`, and hands the lot over in stream order.

Every event is acked on its own after the handler returned; if the batch fails, each event is
retried alone, so only the bad one is redelivered (with backoff) or parked. A batch of one that
fails goes straight to redelivery (it was already alone). A crash before the
acks redelivers the batch after `ack_wait`: the handler must be idempotent per event.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from nats.aio.msg import Msg
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy

from peerline_shared.consumer_metrics import (
    HANDLE_SECONDS,
    MESSAGES_CONSUMED,
    MESSAGES_RECEIVED,
    REDELIVERIES,
)
from peerline_shared.events import EventBase, UnreadableMessage, decode
from peerline_shared.events import subjects as subj
from peerline_shared.logging import get_logger, log_context

E = TypeVar("E", bound=EventBase)
BatchHandler = Callable[[Sequence[E]], Awaitable[None]]
Parker = Callable[[Msg, str, str], Awaitable[None]]
Retrier = Callable[[Msg, str, int, Exception], Awaitable[None]]

FETCH_WAIT_S = 5.0
"""One idle pull's wait on the server (bounds idle polling only)."""
GATHER_S = 0.002
"""Once a message is in hand, how long to wait for the others already on their way."""
FAILED_FETCH_PAUSE_S = 1.0
STOP_WAIT_S = 5.0

log = get_logger()


def consumer_config(subject: str, durable: str, *, ack_wait_s: float, max_deliver: int) -> ConsumerConfig:
    return ConsumerConfig(
        durable_name=durable,
        ack_policy=AckPolicy.EXPLICIT,
        ack_wait=ack_wait_s,
        max_deliver=max_deliver,
        deliver_policy=DeliverPolicy.ALL,
        filter_subject=subject,
    )


@dataclass
class BatchConsumer(Generic[E]):
    subject: str
    durable: str
    model: type[E]
    handler: BatchHandler[E]
    config: ConsumerConfig
    park: Parker
    retry_or_park: Retrier
    max_batch: int = 64
    task: asyncio.Task[None] | None = field(default=None, init=False)
    subscription: JetStreamContext.PullSubscription | None = field(default=None, init=False)

    async def start(self, js: JetStreamContext) -> None:
        self.subscription = await js.pull_subscribe(
            self.subject, durable=self.durable, stream=subj.STREAM_EVENTS, config=self.config
        )
        self.task = asyncio.create_task(self._run(self.subscription), name=f"consume_batch_{self.durable}")

    async def stop(self) -> None:
        """Stop fetching; a batch cut short is not acked and comes back after `ack_wait`."""
        if self.task is not None:
            self.task.cancel()
            # Bounded: a handler stuck on a dead connection must not hang the shutdown.
            with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                await asyncio.wait_for(self.task, STOP_WAIT_S)
            self.task = None
        if self.subscription is not None:
            # Left subscribed, the connection's drain at close would wait for it.
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.subscription.unsubscribe(), STOP_WAIT_S)
            self.subscription = None

    async def _run(self, subscription: JetStreamContext.PullSubscription) -> None:
        while True:
            try:
                messages = await self._fetch(subscription)
            except TimeoutError:  # nats-py raises its own and asyncio's: both are this one
                continue
            except Exception as exc:  # reconnecting, or the consumer is being re-created
                log.warning("consumer.fetch_failed", consumer=self.durable, error_type=type(exc).__name__,
                            error=str(exc)[:200])
                await asyncio.sleep(FAILED_FETCH_PAUSE_S)
                continue
            try:
                await self._handle(messages)
            except Exception as exc:  # parking or acking failed (NATS went away): what is not
                # acked comes back after ack_wait; the loop must live on
                log.error("consumer.handle_failed", consumer=self.durable, error_type=type(exc).__name__)

    async def _fetch(self, subscription: JetStreamContext.PullSubscription) -> list[Msg]:
        messages = await subscription.fetch(1, timeout=FETCH_WAIT_S)
        if self.max_batch > 1:
            try:
                messages += await subscription.fetch(self.max_batch - 1, timeout=GATHER_S)
            except TimeoutError:
                pass  # nothing else yet: go with the one in hand
            except Exception as exc:  # never drop the one in hand (it would wait for ack_wait)
                log.warning("consumer.fetch_failed", consumer=self.durable, error_type=type(exc).__name__,
                            error=str(exc)[:200])
        return messages

    async def _handle(self, messages: list[Msg]) -> None:
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
        if not readable:
            return
        try:
            with HANDLE_SECONDS.labels(self.durable).time():
                await self.handler([event for _, event in readable])
        except Exception as exc:
            if len(readable) == 1:  # already alone: trying it again at once would repeat the work
                message, event = readable[0]
                with _context_of(event):
                    await self._give_back(message, exc)
                return
            log.warning("consumer.batch_failed", consumer=self.durable, batch_size=len(readable),
                        error_type=type(exc).__name__)
            await self._one_by_one(readable)
            return
        for message, _ in readable:
            await _acked(message, self.durable)

    async def _one_by_one(self, readable: list[tuple[Msg, E]]) -> None:
        for message, event in readable:
            with _context_of(event):
                try:
                    await self.handler([event])
                except Exception as exc:
                    await self._give_back(message, exc)
                    continue
            await _acked(message, self.durable)

    async def _give_back(self, message: Msg, exc: Exception) -> None:
        """Redelivered later (with backoff), or parked after the last attempt."""
        await self.retry_or_park(message, self.durable, delivery_count(message), exc)


def _context_of(event: EventBase) -> AbstractContextManager[None]:
    return log_context(trace_id=event.trace_id, event_id=str(event.event_id))


async def _acked(message: Msg, consumer: str) -> None:
    await message.ack()
    MESSAGES_CONSUMED.labels(consumer, "ok").inc()


def delivery_count(message: Msg) -> int:
    try:
        return int(message.metadata.num_delivered or 1)
    except Exception:  # not a JetStream delivery (core NATS, or a test double)
        return 1
