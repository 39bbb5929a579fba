"""What the console's routes need after start-up: its sessions, the login throttle, and the
hub of open console sockets (kept on `app.state` by `main`).

The providers are `async def` although they only read state: FastAPI runs a plain `def`
dependency in its thread pool, a thread hand-off per dependency per request (docs/benchmarks.md).
`*_for` builds the same objects for code outside a route's dependencies."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from fastapi.requests import HTTPConnection
from redis.asyncio import Redis

from peerline_gateway import deps
from peerline_gateway.console.hub import ConsoleHub
from peerline_gateway.console.lockout import LockoutPolicy, LoginThrottle
from peerline_gateway.console.pending import PendingLogins
from peerline_gateway.console.screenlock import ScreenLocks
from peerline_gateway.console.sessions import SessionStore
from peerline_gateway.settings import GatewaySettings


async def console_hub(connection: HTTPConnection) -> ConsoleHub:
    hub: ConsoleHub = connection.app.state.consoles
    return hub


def sessions_for(settings: GatewaySettings, redis: Redis) -> SessionStore:
    idle = settings.console_idle_minutes * 60
    return SessionStore(redis, idle, settings.console_absolute_hours * 3600)


async def session_store(settings: deps.Settings, redis: deps.RedisClient) -> SessionStore:
    return sessions_for(settings, redis)


async def login_throttle(settings: deps.Settings, redis: deps.RedisClient) -> LoginThrottle:
    policy = LockoutPolicy(
        settings.login_max_failures,
        settings.login_ip_max_failures,
        settings.login_lockout_seconds,
        settings.login_lockout_max_seconds,
    )
    return LoginThrottle(redis, policy)


async def pending_logins(redis: deps.RedisClient) -> PendingLogins:
    return PendingLogins(redis)


def screen_locks_for(settings: GatewaySettings, redis: Redis) -> ScreenLocks:
    return ScreenLocks(redis, settings.console_absolute_hours * 3600)


async def screen_locks(settings: deps.Settings, redis: deps.RedisClient) -> ScreenLocks:
    return screen_locks_for(settings, redis)


Hub = Annotated[ConsoleHub, Depends(console_hub)]
Sessions = Annotated[SessionStore, Depends(session_store)]
Throttle = Annotated[LoginThrottle, Depends(login_throttle)]
Pending = Annotated[PendingLogins, Depends(pending_logins)]
Locks = Annotated[ScreenLocks, Depends(screen_locks)]
