"""Calls to other services over request/reply, with a timeout that becomes a clear
"not available right now" instead of a 500."""

from __future__ import annotations

from typing import TypeVar

from peerline_gateway.console.errors import ServiceUnavailable
from peerline_gateway.deps import Bus, NoAnswer
from peerline_shared.events import EventBase
from peerline_shared.logging import get_logger

R = TypeVar("R", bound=EventBase)
log = get_logger()


async def ask(
    bus: Bus,
    subject: str,
    query: EventBase,
    reply: type[R],
    *,
    what: str,
    service: str,
    wait_seconds: float,
) -> R:
    try:
        return await bus.request(subject, query, reply, timeout=wait_seconds)
    except NoAnswer as exc:
        log.warning("console.rpc_unanswered", subject=subject, error_type=str(exc))
        raise ServiceUnavailable(what, service) from None
