"""Calls to other services over request/reply, with a timeout that becomes a clear
"not available right now" (503 naming the service) instead of a 500.

A route asks for the service it calls: `notifications: Notifications` or
`directory: Directory`, then `await notifications.ask(subject, query, Reply, what="queue")`.
Every request that names an actor leaves signed (`peerline_shared.actors`): the other service
acts only on a person the gateway vouches for."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, TypeVar

from fastapi import Depends

from peerline_gateway.console.errors import ActorRejected, NotUnderstood, ServiceUnavailable
from peerline_gateway.deps import Bus, Messages, NoAnswer, Settings
from peerline_gateway.settings import GatewaySettings
from peerline_shared.actors import signed
from peerline_shared.bus import ActorNotVerified, BadRequest
from peerline_shared.events import EventBase
from peerline_shared.events.base import utc_now
from peerline_shared.logging import get_logger

R = TypeVar("R", bound=EventBase)
log = get_logger()


@dataclass(frozen=True)
class ServiceCalls:
    """Requests to one service, each waiting at most `wait_seconds` for its reply."""

    bus: Bus
    service: str
    wait_seconds: float
    actor_key: bytes

    async def ask(self, subject: str, query: EventBase, reply: type[R], *, what: str) -> R:
        try:
            return await self.bus.request(
                subject, signed(query, self.actor_key, utc_now()), reply, timeout=self.wait_seconds
            )
        except ActorNotVerified as refused:
            log.error("console.actor_refused", subject=subject, reason=refused.reason)
            raise ActorRejected(f"{what}: {self.service} could not verify the request") from None
        except BadRequest as unread:
            log.error("console.request_not_understood", subject=subject, reason=str(unread)[:300])
            raise NotUnderstood(f"{what}: {self.service} could not read the request") from None
        except NoAnswer as exc:
            log.warning("console.rpc_unanswered", subject=subject, error_type=str(exc))
            raise ServiceUnavailable(what, self.service) from None


def _key(settings: GatewaySettings) -> bytes:
    return settings.actor_key.get_secret_value().encode()


async def notifications_calls(bus: Messages, settings: Settings) -> ServiceCalls:
    return ServiceCalls(bus, "notifications", settings.rpc_timeout_seconds, _key(settings))


async def directory_calls(bus: Messages, settings: Settings) -> ServiceCalls:
    return ServiceCalls(bus, "directory", settings.rpc_timeout_seconds, _key(settings))


async def telegram_calls(bus: Messages, settings: Settings) -> ServiceCalls:
    return ServiceCalls(bus, "telegram", settings.rpc_timeout_seconds, _key(settings))


Notifications = Annotated[ServiceCalls, Depends(notifications_calls)]
Telegram = Annotated[ServiceCalls, Depends(telegram_calls)]
Directory = Annotated[ServiceCalls, Depends(directory_calls)]
