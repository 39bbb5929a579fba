"""Publishing to a JetStream stream and waiting for its acknowledgement, on one connection.

The message on the wire is the one `JetStreamContext.publish` sends (the same subject,
payload and headers, `Nats-Expected-Stream` included, a reply inbox for the PubAck); what
differs is the waiting. nats-py's request path pays, for every publish, a NUID and random
token, an `asyncio.wait_for` (a wrapper, a timer and callbacks), a done-callback closure and
its `PubAck` dataclass. Here one reply subscription per connection resolves futures by a
counter's token, and a publish (or a batch) waits under one `call_later` timer
(docs/benchmarks.md, "The gateway's own JetStream publish and the chat limit's reservations").

Errors are those of `JetStreamContext.publish`: `NoStreamResponseError` when no stream takes the
subject, `APIError` (or its subclass) when the stream refuses the message, nats-py's
`TimeoutError` when no acknowledgement comes in time.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import nats.errors
import nats.js.errors
import orjson
from nats.aio.client import Client
from nats.aio.msg import Msg

from peerline_shared.events import EventBase

Encoded = tuple[EventBase, str, bytes]
"""An event, its subject, and its body as `encode(event)` made it (a caller that also stores
the body, as an outbox does, encodes each event once)."""

EXPECTED_STREAM_HEADER = "Nats-Expected-Stream"
STATUS_HEADER = "Status"
NO_RESPONDERS_STATUS = "503"


class StreamPublisher:
    """Publishes with a reply inbox of its own and reads the stream's acknowledgement."""

    def __init__(self, connection: Client) -> None:
        self.connection = connection
        self.prefix = ""
        self.tokens = itertools.count()
        self.waiting: dict[str, asyncio.Future[Msg]] = {}

    async def open(self) -> None:
        """Subscribe to this publisher's replies (once, before the first publish)."""
        prefix = self.connection.new_inbox() + "."
        await self.connection.subscribe(prefix + "*", cb=self._acknowledged)
        self.prefix = prefix

    async def publish(self, subject: str, payload: bytes, *, stream: str, headers: Mapping[str, str],
                      timeout: float) -> None:
        """Publish and return once `stream` has stored the message; raises if it did not."""
        await self.publish_all([(subject, payload, headers)], stream=stream, timeout=timeout)

    async def publish_all(self, messages: Sequence[tuple[str, bytes, Mapping[str, str]]], *, stream: str,
                          timeout: float) -> None:
        """Publish (subject, payload, headers) in order, then wait for every acknowledgement
        under one timeout; raises the first failure. A failure leaves no future waiting."""
        await (await self.send_all(messages, stream=stream, timeout=timeout)).stored()

    async def send_all(self, messages: Sequence[tuple[str, bytes, Mapping[str, str]]], *, stream: str,
                       timeout: float, then: Callable[[], None] | None = None) -> Sending:
        """Publish in order and return at once; `Sending.stored` waits for the acknowledgements
        (the timeout runs from now) and calls `then` once all are there."""
        if not self.prefix:
            raise nats.errors.ConnectionClosedError  # `open` first
        loop = asyncio.get_running_loop()
        tokens: list[str] = []
        try:
            for subject, payload, headers in messages:
                token = str(next(self.tokens))
                tokens.append(token)
                self.waiting[token] = loop.create_future()
                await self.connection.publish(subject, payload, reply=self.prefix + token,
                                              headers={**headers, EXPECTED_STREAM_HEADER: stream})
        except BaseException:
            self._forget(tokens)
            raise
        acknowledgements = [self.waiting[token] for token in tokens]
        return Sending(acknowledgements, loop.call_later(timeout, self._expire, tokens), then)

    def _forget(self, tokens: Sequence[str]) -> None:
        for token in tokens:
            self.waiting.pop(token, None)

    async def _acknowledged(self, message: Msg) -> None:
        future = self.waiting.pop(message.subject[len(self.prefix):], None)
        if future is not None and not future.done():
            future.set_result(message)

    def _expire(self, tokens: list[str]) -> None:
        for token in tokens:
            future = self.waiting.pop(token, None)
            if future is not None and not future.done():
                future.set_exception(nats.errors.TimeoutError())


class Sending:
    """Messages published to a stream whose acknowledgements may still be on their way."""

    def __init__(self, acknowledgements: Sequence[asyncio.Future[Msg]] = (),
                 timer: asyncio.TimerHandle | None = None, then: Callable[[], None] | None = None) -> None:
        self.acknowledgements, self.timer, self.then = acknowledgements, timer, then

    async def stored(self) -> None:
        """Return once the stream has stored every message (`then` called); raises the first
        failure (a refusal, or no acknowledgement before the timeout)."""
        try:
            for acknowledgement in self.acknowledgements:
                stored(await acknowledgement)
            if self.then is not None:
                self.then()
        finally:
            # Left running while one is still awaited: it expires that one (nothing left waiting).
            if self.timer is not None and all(ack.done() for ack in self.acknowledgements):
                self.timer.cancel()


STORED = Sending()
"""Nothing left to wait for (a bus that stores as it publishes, or nothing was published)."""


def stored(acknowledgement: Msg) -> dict[str, Any]:
    """The PubAck's fields; raises as `JetStreamContext.publish` does when it is not one."""
    if (acknowledgement.headers or {}).get(STATUS_HEADER) == NO_RESPONDERS_STATUS:
        raise nats.js.errors.NoStreamResponseError
    answer: dict[str, Any] = orjson.loads(acknowledgement.data)
    if "error" in answer:
        raise nats.js.errors.APIError.from_error(answer["error"])
    return answer
