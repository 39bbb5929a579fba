"""An in-memory bus that runs the same routers, for fast unit tests (no nats-server).

What it keeps of JetStream's and the consumers' behaviour:

- `publish_event` stores the event (`published`) and drops a second publish of the same
  `event_id`, as JetStream's duplicate window does; it then hands the event to every
  follower and every consumer whose subject matches (NATS wildcards), before returning:
  a test needs no waiting. A batch consumer gets a batch of one.
- A consumer's message is decoded with its model as on NATS; an unreadable one is parked
  (`parked`, with the reason); a failing handler is tried again, `MAX_DELIVER` times in all,
  then parked.
- `request` runs the RPC handler declared for the subject with the same decoding and error
  answers as on NATS (`BadRequest`, `RequestFailed`); no handler: `NoRespondersError`.

What it does not: order across concurrent publishers, redelivery after a crash, backoff,
queue groups, `max_workers`, `from_now` (every consumer sees what is published after start).
Flows are still tested end to end on a real nats-server; this bus makes a handler's unit test
quick.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import nats.errors
from pydantic import BaseModel

from peerline_shared.bus.natsbus import MAX_DELIVER
from peerline_shared.bus.publishing import STORED, Encoded, Sending
from peerline_shared.bus.router import BusRouter, Declaration, declarations_of
from peerline_shared.bus.rpc import answer, read_reply
from peerline_shared.events import EventBase, UnreadableMessage, decode, encode
from peerline_shared.logging import get_logger

R = TypeVar("R", bound=BaseModel)
log = get_logger()


@dataclass(frozen=True)
class Parked:
    consumer: str
    subject: str
    data: bytes
    reason: str


@dataclass(frozen=True)
class _Bound:
    declaration: Declaration
    handler: Callable[[Any], Awaitable[Any]]


class MemoryBus:
    """The bus's interface (`include_router`, `start`, `stop`, `publish_event`, `request`)
    without a server."""

    def __init__(self) -> None:
        self.router = BusRouter()
        self.bound: list[_Bound] = []
        self.published: list[tuple[str, EventBase]] = []
        self.parked: list[Parked] = []
        self._stored_ids: set[str] = set()

    def include_router(self, router: BusRouter) -> None:
        self.router.include_router(router)

    def include_routers(self, *routers: BusRouter) -> None:
        for router in routers:
            self.include_router(router)

    def declarations(self) -> list[Declaration]:
        return declarations_of([self.router])

    async def start(self, context: Mapping[str, object] | None = None) -> None:
        context = {"bus": self, **(context or {})}
        self.bound = [_Bound(declaration, declaration.bind(context)) for declaration in self.declarations()]

    async def stop(self) -> None:
        self.bound = []

    def published_on(self, subject: str) -> list[EventBase]:
        """The events published on subjects matching `subject` (wildcards allowed), in order."""
        return [event for on, event in self.published if subject_matches(subject, on)]

    async def publish_event(self, event: EventBase, subject: str) -> None:
        await self.publish_encoded([(event, subject, encode(event))])

    async def publish_events(self, events: Sequence[tuple[EventBase, str]]) -> None:
        await self.publish_encoded([(event, subject, encode(event)) for event, subject in events])

    async def send_events(self, events: Sequence[tuple[EventBase, str]]) -> Sending:
        await self.publish_events(events)
        return STORED

    async def publish_encoded(self, events: Sequence[Encoded]) -> None:
        for event, subject, body in events:
            if str(event.event_id) in self._stored_ids:
                continue  # JetStream drops the same Nats-Msg-Id within its duplicate window
            self._stored_ids.add(str(event.event_id))
            self.published.append((subject, event))
            await self.deliver(subject, body)

    async def deliver(self, subject: str, data: bytes) -> None:
        """Hand a stored message to whatever listens on its subject (a test may deliver
        bytes that no model reads, to see them parked)."""
        for bound in self.bound:
            declaration = bound.declaration
            if declaration.kind in ("rpc",) or not subject_matches(declaration.subject, subject):
                continue
            if declaration.kind in ("follow", "follow_batch"):
                await _followed(bound, [data] if declaration.kind == "follow_batch" else data)
            else:
                await self._consumed(bound, subject, data)

    async def request(self, subject: str, query: EventBase, reply: type[R], timeout: float = 3.0) -> R:
        for bound in self.bound:
            declaration = bound.declaration
            if declaration.kind == "rpc" and subject_matches(declaration.subject, subject):
                assert declaration.model is not None
                body, headers = await answer(encode(query), declaration.model, bound.handler, subject)
                return read_reply(reply, body, headers)
        raise nats.errors.NoRespondersError

    async def _consumed(self, bound: _Bound, subject: str, data: bytes) -> None:
        declaration = bound.declaration
        assert declaration.model is not None and declaration.durable is not None
        try:
            event = decode(declaration.model, data)
        except UnreadableMessage as problem:
            self.parked.append(Parked(declaration.durable, subject, data, str(problem)))
            return
        message = [event] if declaration.kind == "consume_batch" else event
        for attempt in range(1, MAX_DELIVER + 1):
            try:
                sending = await bound.handler(message)
                if isinstance(sending, Sending):  # a batch handler's publishes, to be stored
                    await sending.stored()
                return
            except Exception as exc:
                log.warning("consumer.retry", consumer=declaration.durable, attempt=attempt,
                            error_type=type(exc).__name__)
                failure = exc
        self.parked.append(Parked(declaration.durable, subject, data,
                                  f"failed {MAX_DELIVER} times: {type(failure).__name__}"))


async def _followed(bound: _Bound, data: bytes | list[bytes]) -> None:
    try:
        await bound.handler(data)
    except Exception as exc:  # as on NATS: one bad event must not end the subscription
        log.error("follower.handle_failed", subject=bound.declaration.subject, error_type=type(exc).__name__)


def subject_matches(pattern: str, subject: str) -> bool:
    """NATS subject matching: `*` is one token, a final `>` one or more."""
    wanted, given = pattern.split("."), subject.split(".")
    for index, token in enumerate(wanted):
        if token == ">":
            return len(given) > index
        if index >= len(given) or (token != "*" and token != given[index]):
            return False
    return len(given) == len(wanted)
