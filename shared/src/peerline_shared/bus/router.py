"""Declaring message handlers: a `BusRouter` per feature, at module level.

    router = BusRouter()

    @router.consume(subject=subj.CLIENT_ERASURE_REQUESTED, durable="triage-erasure",
                    model=ClientErasureRequested)
    async def on_erasure(event: ClientErasureRequested, redis: Redis) -> None:
        ...

A handler is a top-level async function: its first parameter is the message (an event, a
sequence of events for `consume_batch`, the raw body for `follow`, a list of raw bodies for
`follow_batch`, the request for `rpc`);
every other parameter names an object of the service's start-up context (`redis`,
`sessions`, `settings`, `bus`, and what the service adds: `deps`, `consoles`, …). They are
looked up by name ONCE, when the bus starts, and bound to the handler: nothing is resolved
per message. A service's `main.py` includes its features' routers in one place.

A consumer's numbers may come from the settings: `max_batch=Setting("triaged_batch_max")`
is read from the context's `settings` when the bus starts.

`declarations` lists what a router (or a bus) declares, with subjects and models, for tests
and the event catalogue.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from pydantic import BaseModel

from peerline_shared.actors import verify_actor
from peerline_shared.events import EventBase
from peerline_shared.events.base import utc_now

Kind = Literal["consume", "consume_batch", "rpc", "follow", "follow_batch"]
F = TypeVar("F", bound=Callable[..., Awaitable[Any]])


class ContextError(LookupError):
    """A handler asks for something the service's start-up context does not hold."""


@dataclass(frozen=True)
class Setting:
    """A consumer option read from the context's `settings` when the bus starts."""

    name: str


@dataclass(frozen=True)
class Declaration:
    """One handler as declared: what it listens to and what it takes and answers."""

    kind: Kind
    subject: str
    handler: Callable[..., Awaitable[Any]]
    model: type[EventBase] | None = None
    """The event (consumers) or request (rpc) the handler is given; None for the followers (bytes)."""
    reply: type[BaseModel] | None = None
    durable: str | None = None
    queue: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    verify_actor: bool = False
    """rpc: act only on a request whose actor the gateway signed (`peerline_shared.actors`)."""

    @property
    def name(self) -> str:
        return f"{self.handler.__module__}.{self.handler.__qualname__}"

    def resolved_options(self, context: Mapping[str, object]) -> dict[str, Any]:
        """The options, with every `Setting` read from the context's settings."""
        return {key: _setting(value, context) for key, value in self.options.items()}

    def bind(self, context: Mapping[str, object]) -> Callable[[Any], Awaitable[Any]]:
        """The handler with everything but its message taken from the context (once); with
        `verify_actor`, behind the check of the request's actor (key: the context's `actor_key`)."""
        bound = bind(self.handler, context)
        return with_verified_actor(bound, context) if self.verify_actor else bound


class BusRouter:
    """The message handlers of one feature; `Bus.include_router` makes them run."""

    def __init__(self) -> None:
        self.own: list[Declaration] = []
        self.included: list[BusRouter] = []

    @property
    def declarations(self) -> list[Declaration]:
        """This router's handlers and those of the routers included in it, as of now."""
        return [*self.own, *declarations_of(self.included)]

    def consume(
        self,
        *,
        subject: str,
        durable: str,
        model: type[EventBase],
        max_workers: int | Setting = 1,
        ack_wait_s: float | Setting = 30.0,
    ) -> Callable[[F], F]:
        """`handler(event, …)`: a durable, explicitly-acked, poison-safe consumer handling up
        to `max_workers` events at once (one: in stream order); see `consumers`.

        `ack_wait_s`: how long a delivered, unacked event waits before redelivery (a crash)."""
        return self._declare("consume", subject, model=model, durable=durable,
                             options={"max_workers": max_workers, "ack_wait_s": ack_wait_s})

    def consume_batch(
        self,
        *,
        subject: str,
        durable: str,
        model: type[EventBase],
        max_batch: int | Setting = 64,
        ack_wait_s: float | Setting = 30.0,
        from_now: bool = False,
        linger_s: float | Setting = 0.0,
        overlap: int | Setting = 0,
    ) -> Callable[[F], F]:
        """`handler(events, …)`: the same consumer, given the events in hand together (up to
        `max_batch`, in stream order); a failing batch is retried event by event.

        `from_now`: when first created, start at the events published from then on, not at the
        stream's history (a consumer added to a running helpline that must not act on the past).

        `linger_s`: under load (the last second's rate brings at least two events within it),
        pull at most once in this long, letting the batch grow meanwhile (fewer, larger calls
        when the machine is busiest, at the price of up to that wait a hop); the time the last
        batch took counts towards it; never when quiet, nor in a backlog (as many already wait
        as the wait would bring).

        `overlap`: the handler may return what it published unwaited (`send_events`): the
        batch is acked once that is stored, and up to `overlap` batches wait for it while the
        next is handled (their publishes, sent in stream order on one connection, are stored in
        that order). If a batch's publishes fail, its events come back after those of later
        batches were stored: for handlers whose output order across batches does not matter,
        or is restored downstream."""
        return self._declare("consume_batch", subject, model=model, durable=durable,
                             options={"max_batch": max_batch, "ack_wait_s": ack_wait_s,
                                      "from_now": from_now, "linger_s": linger_s, "overlap": overlap})

    def rpc(
        self, *, subject: str, request: type[EventBase], reply: type[BaseModel], queue: str,
        actor: bool = False,
    ) -> Callable[[F], F]:
        """`handler(request, …) -> reply`: answer commands or queries on a core NATS subject;
        the replicas of a service share it through `queue`. A request that cannot be read is
        answered with an error the caller's `request` raises as `BadRequest`.

        `actor=True`: a person's action; the handler runs only when the request's actor carries
        a valid proof from the gateway, else the caller's `request` raises `ActorNotVerified`
        (and `actor.refused` is logged)."""
        return self._declare("rpc", subject, model=request, reply=reply, queue=queue, verify_actor=actor)

    def follow(self, *, subject: str, queue: str | None = None) -> Callable[[F], F]:
        """`handler(body, …)` for every event published on `subject` while this process is
        connected, each process its own copy (live views), or with `queue` one process of
        those sharing it (a best-effort head start on work a durable consumer also does): a
        core NATS subscription beside the stream, nothing stored or acked for it. Missed while
        disconnected."""
        return self._declare("follow", subject, queue=queue)

    def follow_batch(
        self, *, subject: str, queue: str | None = None, max_batch: int = 64
    ) -> Callable[[F], F]:
        """`handler(bodies, …)`: `follow`, given the bodies that were waiting together (those
        read from the connection before the handler got to them, up to `max_batch`, in order)
        instead of one call each: for a handler whose work costs less by the batch. A quiet
        subscription hands over batches of one, at once; nothing waits for a batch to fill."""
        return self._declare("follow_batch", subject, queue=queue, options={"max_batch": max_batch})

    def include_router(self, router: BusRouter) -> None:
        if router is self or self in _all_included(router):
            raise ValueError("a router cannot include itself")
        self.included.append(router)

    def _declare(self, kind: Kind, subject: str, **what: Any) -> Callable[[F], F]:
        def register(handler: F) -> F:
            declared: object = handler
            if not inspect.iscoroutinefunction(declared):
                raise TypeError(f"{handler.__qualname__}: a bus handler must be an async function")
            self.own.append(Declaration(kind, subject, handler, **what))
            return handler

        return register


def declarations_of(routers: Iterable[BusRouter]) -> list[Declaration]:
    return [declaration for router in routers for declaration in router.declarations]


def _all_included(router: BusRouter) -> list[BusRouter]:
    return [child for included in router.included for child in (included, *_all_included(included))]


def bind(
    handler: Callable[..., Awaitable[Any]], context: Mapping[str, object]
) -> Callable[[Any], Awaitable[Any]]:
    """`handler` with its parameters after the first taken from `context` by name.

    Raises `ContextError` at start for a parameter the context lacks (and that has no
    default): a missing start-up object fails the start, not the first message."""
    parameters = list(inspect.signature(handler).parameters.values())[1:]
    wanted: dict[str, object] = {}
    for parameter in parameters:
        if parameter.name in context:
            wanted[parameter.name] = context[parameter.name]
        elif parameter.default is inspect.Parameter.empty:
            raise ContextError(
                f"{handler.__qualname__} needs `{parameter.name}`, which the service's start-up "
                f"context does not provide (it has: {', '.join(sorted(context)) or 'nothing'})"
            )
    return functools.partial(handler, **wanted) if wanted else handler


def with_verified_actor(
    handler: Callable[[Any], Awaitable[Any]], context: Mapping[str, object]
) -> Callable[[Any], Awaitable[Any]]:
    """`handler`, run only for a request whose actor's proof holds under the context's key."""
    key = context.get("actor_key")
    if not isinstance(key, bytes) or not key:
        raise ContextError("a handler declared with actor=True needs `actor_key` (bytes) in the context")
    clock = context.get("clock", utc_now)
    assert callable(clock)

    async def verified(request: Any) -> Any:
        verify_actor(request, key, clock())
        return await handler(request)

    return verified


def _setting(value: object, context: Mapping[str, object]) -> object:
    if not isinstance(value, Setting):
        return value
    settings = context.get("settings")
    if settings is None:
        raise ContextError(f"the option {value.name} comes from the settings, which the context lacks")
    return getattr(settings, value.name)
