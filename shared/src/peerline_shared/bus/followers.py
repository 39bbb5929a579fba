"""Followers: not consumers of the stream, but core NATS subscriptions that see every event
published on their subjects while this process is connected (each process its own copy, for
live views; or, in a queue group, one process of the group each event). Nothing is stored,
acked or redelivered for them. `BatchFollower` hands over the bodies that were waiting
together."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.aio.subscription import Subscription

from peerline_shared.bus.consumers import unsubscribe_quietly
from peerline_shared.logging import get_logger

BodyHandler = Callable[[bytes], Awaitable[None]]
BodiesHandler = Callable[[list[bytes]], Awaitable[None]]

log = get_logger()


@dataclass(kw_only=True)
class CoreSubscriber:
    """A core NATS subscription whose messages go to `_deliver`, one call each, in order."""

    subject: str
    queue: str | None = None
    """Shared with the other processes subscribed with the same name: each event goes to one."""
    subscription: Subscription | None = field(default=None, init=False)

    async def start(self, connection: Client) -> None:
        # Re-subscribed by nats-py after a reconnect; what was published in between is missed.
        self.subscription = await connection.subscribe(self.subject, queue=self.queue or "", cb=self._deliver)

    async def stop(self) -> None:
        await unsubscribe_quietly(self.subscription)
        self.subscription = None

    async def _deliver(self, message: Msg) -> None:
        raise NotImplementedError


@dataclass(kw_only=True)
class Follower(CoreSubscriber):
    handler: BodyHandler

    async def _deliver(self, message: Msg) -> None:
        try:
            await self.handler(message.data)
        except Exception as exc:  # one bad event must not end the subscription's task
            log.error("follower.handle_failed", subject=self.subject, error_type=type(exc).__name__)


@dataclass(kw_only=True)
class BatchFollower(CoreSubscriber):
    """A follower whose handler takes a list of bodies: the message in hand and those nats-py
    had already read behind it (its subscription's pending queue), up to `max_batch`. nats-py
    calls `_deliver` once a message, without a pause while more are queued, so a body is kept
    while another is waiting and the lot goes to the handler with the last one: nothing waits
    for a batch to fill, and a quiet subscription hands over batches of one."""

    handler: BodiesHandler
    max_batch: int = 64
    _waiting: list[bytes] = field(default_factory=list, init=False)

    async def _deliver(self, message: Msg) -> None:
        self._waiting.append(message.data)
        more_queued = self.subscription is not None and self.subscription.pending_msgs > 0
        if more_queued and len(self._waiting) < self.max_batch:
            return
        bodies, self._waiting = self._waiting, []
        try:
            await self.handler(bodies)
        except Exception as exc:  # one bad batch must not end the subscription's task
            log.error("follower.handle_failed", subject=self.subject, error_type=type(exc).__name__,
                      batch_size=len(bodies))
