"""Calls to other services over request/reply, with a timeout that becomes a clear
"not available right now" (503 naming the service) instead of a 500.

A route asks for the service it calls: `notifications: Notifications` or
`directory: Directory`, then `await notifications.ask(subject, query, Reply, what="queue")`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, TypeVar

from fastapi import Depends

from peerline_gateway.console.errors import ServiceUnavailable
from peerline_gateway.deps import Bus, Messages, NoAnswer, Settings
from peerline_shared.events import EventBase
from peerline_shared.logging import get_logger

R = TypeVar("R", bound=EventBase)
log = get_logger()


@dataclass(frozen=True)
class ServiceCalls:
    """Requests to one service, each waiting at most `wait_seconds` for its reply."""

    bus: Bus
    service: str
    wait_seconds: float

    async def ask(self, subject: str, query: EventBase, reply: type[R], *, what: str) -> R:
        try:
            return await self.bus.request(subject, query, reply, timeout=self.wait_seconds)
        except NoAnswer as exc:
            log.warning("console.rpc_unanswered", subject=subject, error_type=str(exc))
            raise ServiceUnavailable(what, self.service) from None


def notifications_calls(bus: Messages, settings: Settings) -> ServiceCalls:
    return ServiceCalls(bus, "notifications", settings.rpc_timeout_seconds)


def directory_calls(bus: Messages, settings: Settings) -> ServiceCalls:
    return ServiceCalls(bus, "directory", settings.rpc_timeout_seconds)


Notifications = Annotated[ServiceCalls, Depends(notifications_calls)]
Directory = Annotated[ServiceCalls, Depends(directory_calls)]
