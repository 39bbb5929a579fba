"""What every running service shares: connections opened in the lifespan, health, metrics.

`create_service_app` builds a FastAPI app whose lifespan connects NATS (provisioning the
streams), Redis and the database, starts the bus's handlers, and closes everything on the way
out. Each service passes only what is its own: HTTP routers, bus routers, and hooks run once
connected.

The start-up context (`Runtime.context`) is the one place a bus handler finds what exists
only after start-up: `settings`, `bus`, `sessions` and `redis` (when the service uses them),
and what a service's `on_connected` hook adds with `runtime.provide(name=object)`. The bus
binds each handler's parameters to it by name once, when it starts.
"""

from __future__ import annotations

import asyncio
import os
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

import structlog
import uvicorn
from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from peerline_shared.bus import BusRouter, NatsBus, create_bus, provision_streams
from peerline_shared.bus.connection import watch_connection
from peerline_shared.db import create_engine, session_factory
from peerline_shared.events.base import new_trace_id
from peerline_shared.http_edges import (
    BodyLimitMiddleware,
    OperatorOnlyMiddleware,
    parse_networks,
    validation_error,
    with_forwarded_headers,
)
from peerline_shared.logging import configure_logging, get_logger
from peerline_shared.settings import BaseServiceSettings, Mode
from peerline_shared.tasks import cancel_until_done

log = get_logger()
Hook = Callable[["Runtime"], Awaitable[None]]
T = TypeVar("T")


@dataclass
class Runtime:
    """Connections of one service process; filled by the lifespan, empty before it runs."""

    settings: BaseServiceSettings
    service: str
    broker: NatsBus
    uses_db: bool = False
    uses_redis: bool = False
    engine: AsyncEngine | None = None
    sessions_factory: async_sessionmaker[AsyncSession] | None = None
    redis_client: Redis | None = None
    background: list[asyncio.Task[Any]] = field(default_factory=list)
    exit_code: int = 0
    stop_serving: Callable[[], None] | None = None
    """Set by `serve`: ends the process's server (its lifespan then closes everything)."""
    created_at: float = field(default_factory=time.time)
    """When the service was made (its health reports the uptime)."""
    context: dict[str, object] = field(default_factory=dict)
    """The start-up objects the bus's handlers name as parameters (see the module's doc)."""

    def provide(self, **objects: object) -> None:
        """Add start-up objects to the context (before the bus starts)."""
        self.context.update(objects)

    def provided(self, name: str, kind: type[T]) -> T:
        """An object of the context, checked to be of its kind."""
        found = self.context.get(name)
        if not isinstance(found, kind):
            raise RuntimeError(f"{self.service}: `{name}` is not in the start-up context yet")
        return found

    @property
    def sessions(self) -> async_sessionmaker[AsyncSession]:
        if self.sessions_factory is None:
            raise RuntimeError(f"{self.service}: database used before the lifespan started")
        return self.sessions_factory

    @property
    def redis(self) -> Redis:
        if self.redis_client is None:
            raise RuntimeError(f"{self.service}: redis used before the lifespan started")
        return self.redis_client

    def spawn(self, coroutine: Awaitable[Any], name: str) -> None:
        """Run a background loop for the life of the service, cancelled at shutdown."""
        self.background.append(asyncio.ensure_future(coroutine))
        self.background[-1].set_name(name)


def new_runtime(
    settings: BaseServiceSettings, service: str, *, uses_db: bool = False, uses_redis: bool = False
) -> Runtime:
    bus = create_bus(settings, client_name=f"peerline-{service}")
    runtime = Runtime(settings, service, bus, uses_db=uses_db, uses_redis=uses_redis)
    runtime.provide(settings=settings)
    return runtime


async def open_connections(runtime: Runtime) -> None:
    settings = runtime.settings
    if runtime.uses_db:
        runtime.engine = create_engine(settings.database_url)
        runtime.sessions_factory = session_factory(runtime.engine)
        runtime.provide(sessions=runtime.sessions_factory)
    if runtime.uses_redis:
        # A burst past the pool's size raises "Too many connections": the chat closes that
        # socket cleanly and the page reconnects. redis-py's default (100) was reached by 100
        # chat sockets saying hello at once.
        runtime.redis_client = Redis.from_url(
            settings.redis_url, decode_responses=True, max_connections=settings.redis_max_connections
        )
        runtime.provide(redis=runtime.redis_client)
    await _connect_nats(runtime)
    await provision_streams(runtime.broker.jetstream(), settings)


async def _connect_nats(runtime: Runtime) -> None:
    """Connect, waiting for NATS at most as long as a running service may be cut off: a start
    that fails exits (code 3, uvicorn's start-up failure) and the supervisor tries again."""
    limit_s = runtime.settings.nats_max_disconnected_seconds
    try:
        await asyncio.wait_for(runtime.broker.connect(), limit_s)
    except TimeoutError:
        log.error("nats.cut_off", at_start=True, limit_s=limit_s)
        raise


SHUTDOWN_STEP_S = 10.0
"""Longest wait for one shutdown step: a stuck loop or connection must not hang the exit."""


async def close_connections(runtime: Runtime) -> None:
    await asyncio.gather(*(cancel_until_done(task, within=SHUTDOWN_STEP_S) for task in runtime.background))
    stuck = [task for task in runtime.background if not task.done()]
    if stuck:
        log.warning("service.shutdown_stuck_tasks", tasks_count=len(stuck))
    await _bounded(runtime.broker.stop(), "broker")
    if runtime.redis_client is not None:
        await _bounded(runtime.redis_client.aclose(), "redis")
    if runtime.engine is not None:
        await _bounded(runtime.engine.dispose(), "database")


async def _bounded(step: Awaitable[Any], name: str) -> None:
    """One shutdown step; a failing one (NATS already gone: the drain refuses) is logged, and
    the next still runs."""
    try:
        await asyncio.wait_for(step, SHUTDOWN_STEP_S)
    except TimeoutError:
        log.warning("service.shutdown_step_timed_out", step_name=name)
    except Exception as exc:
        log.warning("service.shutdown_step_failed", step_name=name, error_type=type(exc).__name__)


CUT_OFF_EXIT_CODE = 3
"""The exit code of a service cut off from NATS for longer than `nats_max_disconnected_seconds`
(uvicorn's own for a failed start, such as finding no NATS in that time)."""
HARD_EXIT_AFTER_S = 60.0
"""A cut-off service that has not finished its orderly stop by then ends at once."""


def watch_nats(runtime: Runtime) -> None:
    """End the service once cut off from NATS for too long, so a supervisor restarts it."""

    async def end_service() -> None:
        runtime.exit_code = CUT_OFF_EXIT_CODE
        if runtime.stop_serving is None:  # not under `serve` (a test's app): nothing to end
            return
        asyncio.get_running_loop().call_later(HARD_EXIT_AFTER_S, os._exit, CUT_OFF_EXIT_CODE)
        runtime.stop_serving()

    runtime.spawn(
        watch_connection(
            runtime.broker.current_connection,
            cut_off_after_s=runtime.settings.nats_max_disconnected_seconds,
            on_cut_off=end_service,
        ),
        "nats_watchdog",
    )


async def health(runtime: Runtime) -> dict[str, str]:
    """The state of each dependency: "ok" or a short reason."""
    states: dict[str, str] = {}
    connection = runtime.broker.current_connection()
    states["nats"] = "ok" if connection is not None and connection.is_connected else "down"
    if runtime.uses_redis:
        states["redis"] = await _check(runtime.redis.ping())
    if runtime.uses_db:
        states["database"] = await _check(_select_one(runtime))
    return states


async def _select_one(runtime: Runtime) -> None:
    async with runtime.sessions() as session:
        await session.execute(text("SELECT 1"))


async def _check(probe: Awaitable[Any]) -> str:
    try:
        await asyncio.wait_for(probe, 2.0)
    except Exception as exc:
        return f"down: {type(exc).__name__}"
    return "ok"


operator_router = APIRouter(tags=["operator"])
"""Health and metrics, on every service's app; the runtime is the app's (`app.state.runtime`)."""


@operator_router.get("/healthz")
async def healthz(request: Request, response: Response) -> dict[str, Any]:
    runtime: Runtime = request.app.state.runtime
    states = await health(runtime)
    healthy = all(state == "ok" for state in states.values())
    response.status_code = 200 if healthy else 503
    return {"status": "ok" if healthy else "degraded", "service": runtime.service,
            "uptime_s": round(time.time() - runtime.created_at), **states}


@operator_router.get("/metrics", include_in_schema=False)
async def metrics() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


TRACE_HTTP_HEADER = "X-Trace-Id"
_TRACE_HEADER_BYTES = TRACE_HTTP_HEADER.lower().encode()
_VALID_TRACE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def trace_from_header(value: str | None) -> str:
    """The caller's trace id when it is well formed (1-64 of [A-Za-z0-9_-]), else a new one."""
    if value is not None and _VALID_TRACE.fullmatch(value):
        return value
    return new_trace_id()


def current_trace_id() -> str | None:
    """The trace bound for this request or message, so a command it sends can carry it on."""
    value = structlog.contextvars.get_contextvars().get("trace_id")
    return value if isinstance(value, str) else None


class TraceMiddleware:
    """Every HTTP request runs with a `trace_id` in its log context: the caller's `X-Trace-Id`
    when valid, otherwise a new one; the response echoes it. Pure ASGI, so streaming responses
    and WebSockets pass through untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        sent = dict(scope.get("headers") or []).get(_TRACE_HEADER_BYTES)
        trace_id = trace_from_header(sent.decode("latin-1") if sent is not None else None)

        async def send_with_trace(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers[TRACE_HTTP_HEADER] = trace_id
            await send(message)

        with structlog.contextvars.bound_contextvars(trace_id=trace_id):
            await self.app(scope, receive, send_with_trace)


def create_service_app(
    runtime: Runtime,
    *,
    title: str,
    routers: Sequence[APIRouter] = (),
    bus_routers: Sequence[BusRouter] = (),
    on_connected: Sequence[Hook] = (),
    on_started: Sequence[Hook] = (),
    body_limits: Mapping[str, int] | None = None,
) -> FastAPI:
    """A service's FastAPI app; the lifespan is the only place connections are opened.

    `bus_routers`: the features' message handlers, started once `on_connected` has run (its
    hooks add to the start-up context what the handlers name). `body_limits`: smaller request
    body limits (bytes) by path prefix than the service's `max_body_bytes`.

    In production the app has no /docs, /redoc or /openapi.json, and answers /metrics and
    /healthz only to `operator_networks` (peerline_shared.http_edges)."""
    runtime.broker.include_routers(*bus_routers)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        configure_logging(runtime.service, runtime.settings.log_level)
        await open_connections(runtime)
        for hook in on_connected:
            await hook(runtime)
        await runtime.broker.start(runtime.context)
        for hook in on_started:
            await hook(runtime)
        watch_nats(runtime)
        log.info("service.started", mode=runtime.settings.mode.value)
        try:
            yield
        finally:
            await close_connections(runtime)
            log.info("service.stopped")

    settings = runtime.settings
    production = settings.mode is Mode.PRODUCTION
    hidden: dict[str, Any] = {"docs_url": None, "redoc_url": None, "openapi_url": None} if production else {}
    app = FastAPI(title=title, lifespan=lifespan, **hidden)
    app.add_exception_handler(RequestValidationError, validation_error)
    # Added innermost first: forwarded headers, then operator paths, then the body limit.
    app.add_middleware(TraceMiddleware)
    app.add_middleware(BodyLimitMiddleware, default=settings.max_body_bytes, per_prefix=body_limits)
    if production:
        app.add_middleware(OperatorOnlyMiddleware, networks=parse_networks(settings.operator_networks))
    if trusted := settings.proxies_trusted():
        app.add_middleware(with_forwarded_headers, trusted=trusted)
    app.include_router(operator_router)
    for router in routers:
        app.include_router(router)
    app.state.runtime = runtime
    return app


def serve(app: FastAPI, host: str, port: int) -> None:
    """Run under uvicorn with our JSON logging (no uvicorn log config, no access log).

    uvicorn's own X-Forwarded-For reading is off (it trusts loopback, or FORWARDED_ALLOW_IPS):
    the app reads them itself, from `trusted_proxies` only."""
    config = uvicorn.Config(app, host=host, port=port, log_config=None, access_log=False,
                            ws_max_size=64 * 1024, timeout_graceful_shutdown=5, proxy_headers=False)
    server = uvicorn.Server(config)
    runtime: Runtime | None = getattr(app.state, "runtime", None)
    if runtime is not None:
        runtime.stop_serving = lambda: setattr(server, "should_exit", True)
    server.run()
    if runtime is not None and runtime.exit_code:
        raise SystemExit(runtime.exit_code)


def run_service(settings_factory: Callable[[], Any], app_factory: Callable[[Any], FastAPI]) -> None:
    """`python -m peerline_<service>`: read settings from the environment and serve."""
    settings = settings_factory()
    # Before uvicorn starts: its own lines are JSON too, and pass the client-address filter.
    configure_logging(settings.service_name, settings.log_level)
    serve(app_factory(settings), settings.host, settings.port)
