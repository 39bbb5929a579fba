"""Calls to other services over NATS request/reply, with a timeout that becomes a clear
"not available right now" instead of a 500."""

from __future__ import annotations

from typing import TypeVar

from peerline_gateway.console.errors import ServiceUnavailable
from peerline_shared.bus import NO_ANSWER, request
from peerline_shared.events import EventBase
from peerline_shared.logging import get_logger
from peerline_shared.runtime import Runtime

R = TypeVar("R", bound=EventBase)
log = get_logger()


async def ask(
    runtime: Runtime,
    subject: str,
    query: EventBase,
    reply: type[R],
    *,
    what: str,
    service: str,
    wait_seconds: float,
) -> R:
    try:
        return await request(runtime.broker, subject, query, reply, timeout=wait_seconds)
    except NO_ANSWER as exc:
        log.warning("console.rpc_unanswered", subject=subject, error_type=type(exc).__name__)
        raise ServiceUnavailable(what, service) from None
