"""Request/reply over core NATS: answering a request, and reading the answer.

A reply is either the handler's model, or an error: the `Peerline-Error` header says which
(`bad_request`: the request could not be read; `actor_refused`: the person acting could not be
verified, `peerline_shared.actors`; `failed`: the handler raised), the body says why. The
caller's `request` raises it as `BadRequest`, `ActorNotVerified` or `RequestFailed` instead of
decoding an error as whatever reply it expected.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.aio.subscription import Subscription
from pydantic import BaseModel

from peerline_shared.actors import ActorRefused
from peerline_shared.events import EventBase, UnreadableMessage, decode, encode
from peerline_shared.logging import get_logger, log_context

R = TypeVar("R", bound=BaseModel)
ERROR_HEADER = "Peerline-Error"
BAD_REQUEST = "bad_request"
FAILED = "failed"
ACTOR_REFUSED = "actor_refused"
STOP_WAIT_S = 5.0

log = get_logger()


class RequestError(Exception):
    """The other service answered, with an error instead of a reply."""


class BadRequest(RequestError):
    """The other service could not read the request (wrong model, wrong version, garbage)."""


class ActorNotVerified(RequestError):
    """The other service refused to act: the request's actor had no valid, unexpired proof."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class RequestFailed(RequestError):
    """The other service's handler failed on this request."""


Answer = tuple[bytes, dict[str, str] | None]


async def answer(
    data: bytes, model: type[EventBase], handler: Callable[[Any], Awaitable[Any]], subject: str
) -> Answer:
    """The encoded reply to one request, or an error body and header."""
    try:
        query = decode(model, data)
    except UnreadableMessage as problem:
        log.warning("rpc.bad_request", subject=subject, error=str(problem)[:300])
        return str(problem)[:2000].encode(), {ERROR_HEADER: BAD_REQUEST}
    with log_context(trace_id=query.trace_id, event_id=str(query.event_id)):
        try:
            result = await handler(query)
        except ActorRefused as refused:
            actor = getattr(query, "actor", None)
            log.warning("actor.refused", subject=subject, reason=refused.reason, type=query.type,
                        consultant_id=str(getattr(actor, "consultant_id", "")) or None,
                        role=getattr(actor, "role", None))
            return refused.reason.encode(), {ERROR_HEADER: ACTOR_REFUSED}
        except Exception as exc:
            log.error("rpc.failed", subject=subject, error_type=type(exc).__name__)
            return type(exc).__name__.encode(), {ERROR_HEADER: FAILED}
        return encode(result), None


def read_reply(reply: type[R], data: bytes, headers: Mapping[str, str] | None) -> R:
    """The reply, or the error the other service answered with, raised."""
    error = (headers or {}).get(ERROR_HEADER)
    if error == BAD_REQUEST:
        raise BadRequest(data.decode("utf-8", "replace"))
    if error == ACTOR_REFUSED:
        raise ActorNotVerified(data.decode("utf-8", "replace")[:100])
    if error is not None:
        raise RequestFailed(f"{error}: {data.decode('utf-8', 'replace')}")
    return decode(reply, data)  # type: ignore[type-var]


@dataclass(kw_only=True)
class Responder:
    """One RPC subject served on a core NATS subscription, shared by a queue group."""

    subject: str
    queue: str
    model: type[EventBase]
    handler: Callable[[Any], Awaitable[Any]]
    subscription: Subscription | None = field(default=None, init=False)
    connection: Client | None = field(default=None, init=False)

    async def start(self, connection: Client) -> None:
        self.connection = connection
        self.subscription = await connection.subscribe(self.subject, queue=self.queue, cb=self._respond)

    async def stop(self) -> None:
        if self.subscription is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.subscription.unsubscribe(), STOP_WAIT_S)
        self.subscription = None

    async def _respond(self, message: Msg) -> None:
        body, headers = await answer(message.data, self.model, self.handler, self.subject)
        if not message.reply or self.connection is None:
            return
        try:
            await self.connection.publish(message.reply, body, headers=headers)
        except Exception as exc:  # the caller is gone, or NATS is: it times out on its side
            log.warning("rpc.reply_failed", subject=self.subject, error_type=type(exc).__name__)
