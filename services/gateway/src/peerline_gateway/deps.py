"""What exists only after start-up, handed to routes with `Depends(...)`: one mechanism.

`main.create_app` builds one `Gateway` and keeps it on `app.state.gateway`; the lifespan fills
the runtime's connections. Each provider below reads one thing from it, so a route asks only
for what it uses (`redis: Redis = Depends(redis)`), and a test swaps one provider with
`app.dependency_overrides` (the bus above all: see `Bus`). Providers are `async def` though
none awaits: FastAPI runs a plain `def` dependency in its thread pool, a thread hand-off for
each dependency of each request and socket (docs/benchmarks.md, issue 22).

Every call to NATS made by a route goes through `Bus`: publishing a client's message or
erasure request, and the request/reply calls of the console. `NatsBus` is the only place that
knows which messaging library carries them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Annotated, Protocol, TypeVar

from fastapi import Depends
from fastapi.requests import HTTPConnection
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from peerline_gateway.addresses import AddressKeys, LocalWindowLimit
from peerline_gateway.ratelimit import Limit, RateLimiter
from peerline_gateway.settings import GatewaySettings
from peerline_shared import bus as shared_bus
from peerline_shared.events import EventBase
from peerline_shared.runtime import Runtime
from peerline_shared.settings import Mode

R = TypeVar("R", bound=EventBase)


class NoAnswer(Exception):
    """The other service did not answer (timeout, no responder, unreadable reply)."""


class Bus(Protocol):
    """What routes send to other services: events to streams, requests that want a reply."""

    async def publish(self, event: EventBase, subject: str) -> None: ...

    async def request(self, subject: str, query: EventBase, reply: type[R], *, timeout: float) -> R: ...


@dataclass(frozen=True)
class NatsBus:
    """`Bus` over the service's NATS connection (opened by the lifespan)."""

    runtime: Runtime

    async def publish(self, event: EventBase, subject: str) -> None:
        await shared_bus.publish_event(self.runtime.broker, event, subject)

    async def request(self, subject: str, query: EventBase, reply: type[R], *, timeout: float) -> R:
        try:
            return await shared_bus.request(self.runtime.broker, subject, query, reply, timeout=timeout)
        except shared_bus.ActorNotVerified:
            raise  # an answer: the other service refused the signed actor
        except shared_bus.NO_ANSWER as exc:
            raise NoAnswer(type(exc).__name__) from None


CHAT_LIMIT_RESERVE = 4
"""Chat uses a process reserves from Redis at a time: a quarter of the Redis calls, never more
than the limit allowed in all; a client typing into two replicas at once may be told to slow
down up to 3 messages early (ratelimit.py)."""


@dataclass
class Gateway:
    """Everything a route may need, built once per app; connections live in `runtime`."""

    settings: GatewaySettings
    runtime: Runtime
    bus: Bus
    addresses: AddressKeys = field(init=False)
    address_limit: LocalWindowLimit = field(init=False)
    chat_limit: RateLimiter | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        # Client addresses only as today's keyed hash, counted in this process's memory.
        self.addresses = AddressKeys(self.settings.session_secret.get_secret_value().encode())
        self.address_limit = LocalWindowLimit(self.settings.ip_messages_per_minute, 60, time.monotonic)

    @property
    def client_limit(self) -> RateLimiter:
        """Every chat socket's flood limit, one limiter so their counts share Redis calls;
        made on first use because Redis is connected after start-up."""
        if self.chat_limit is None:
            limit = Limit("chat", self.settings.client_messages_per_minute, 60, reserve=CHAT_LIMIT_RESERVE)
            self.chat_limit = RateLimiter(self.runtime.redis, limit)
        return self.chat_limit


async def gateway(connection: HTTPConnection) -> Gateway:
    found: Gateway = connection.app.state.gateway
    return found


TheGateway = Annotated[Gateway, Depends(gateway)]


async def settings(gw: TheGateway) -> GatewaySettings:
    return gw.settings


async def redis(gw: TheGateway) -> Redis:
    return gw.runtime.redis


async def db_sessions(gw: TheGateway) -> async_sessionmaker[AsyncSession]:
    return gw.runtime.sessions


async def bus(gw: TheGateway) -> Bus:
    return gw.bus


async def address_keys(gw: TheGateway) -> AddressKeys:
    return gw.addresses


async def secure_cookies(gw: TheGateway) -> bool:
    return gw.settings.mode is Mode.PRODUCTION


Settings = Annotated[GatewaySettings, Depends(settings)]
RedisClient = Annotated[Redis, Depends(redis)]
DbSessions = Annotated[async_sessionmaker[AsyncSession], Depends(db_sessions)]
Messages = Annotated[Bus, Depends(bus)]
Addresses = Annotated[AddressKeys, Depends(address_keys)]
