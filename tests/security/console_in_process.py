"""The gateway's real app in process (routes, dependencies, middleware) on Starlette's
TestClient, with a real redis-server and a migrated SQLite file; NATS replaced by a bus that
answers the directory's management requests as a test tells it. Used by test_sessions.py and
test_passwords.py."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from redis.asyncio import Redis

from peerline_gateway.accounts.service import ensure_account
from peerline_gateway.cli import MIGRATIONS, VERSION_TABLE
from peerline_gateway.console.sessions import COOKIE_NAME
from peerline_gateway.deps import Gateway, NoAnswer
from peerline_gateway.main import create_app, start_push
from peerline_gateway.secondfactor.domain import new_secret
from peerline_gateway.secondfactor.service import ensure_enrolled
from peerline_gateway.settings import GatewaySettings
from peerline_shared.db import create_engine, session_factory, unit_of_work
from peerline_shared.events import EventBase
from peerline_shared.migrations import upgrade_to_head
from peerline_testing.console import sign_in

REDIS_DB = 7  # these tests own this Redis database and flush it
PASSWORD = "Lantern-orchard-1987"
CONSULTANT_ID = uuid.UUID("00000000-0000-4000-8000-0000000000c1")
SUPERVISOR_ID = uuid.UUID("00000000-0000-4000-8000-0000000000c2")
ACCOUNTS = {"olena": (CONSULTANT_ID, "Olena", "consultant"), "taras": (SUPERVISOR_ID, "Taras", "supervisor")}


@dataclass
class AnsweringBus:
    answers: dict[str, Callable[[Any], EventBase]] = field(default_factory=dict)
    published: list[tuple[str, EventBase]] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)

    async def publish(self, event: EventBase, subject: str) -> None:
        self.published.append((subject, event))

    async def request(self, subject: str, query: EventBase, reply: type[Any], *, timeout: float) -> Any:
        self.asked.append(subject)
        if subject not in self.answers:
            raise NoAnswer("TimeoutError")
        return self.answers[subject](query)


@dataclass(frozen=True)
class Browser:
    """One signed-in browser: its session cookie and CSRF token."""

    cookie: str
    csrf: str


@dataclass
class Console:
    client: TestClient
    bus: AnsweringBus
    gateway: Gateway
    totp_secret: str
    """The second factor every seeded supervisor is enrolled with."""

    def login(self, login: str, password: str = PASSWORD) -> Browser:
        self.client.cookies.clear()
        csrf = sign_in(self.client, login, password, self.totp_secret)
        return Browser(self.client.cookies[COOKIE_NAME], csrf)

    def use(self, browser: Browser) -> TestClient:
        """The client, carrying this browser's cookie (and only it)."""
        self.client.cookies.clear()
        self.client.cookies.set(COOKIE_NAME, browser.cookie)
        return self.client


def _lifespan(redis_url: str, database_url: str) -> Callable[[FastAPI], Any]:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        gateway: Gateway = app.state.gateway
        runtime = gateway.runtime
        runtime.redis_client = Redis.from_url(redis_url, decode_responses=True)
        engine = create_engine(database_url)
        runtime.sessions_factory = session_factory(engine)
        await start_push(gateway.settings, app.state.chats, app.state.consoles, app.state.rewriter, runtime)
        yield
        for task in runtime.background:
            task.cancel()
        await runtime.redis_client.aclose()
        await engine.dispose()

    return lifespan


async def _seed(redis_url: str, database_url: str, totp_secret: str) -> None:
    redis = Redis.from_url(redis_url, decode_responses=True)
    await redis.flushdb()
    await redis.aclose()
    engine = create_engine(database_url)
    async with unit_of_work(session_factory(engine)) as session:
        for login, (consultant_id, alias, role) in ACCOUNTS.items():
            await ensure_account(
                session, consultant_id=consultant_id, login=login, password=PASSWORD, alias=alias, role=role
            )
            if role == "supervisor":  # supervisors sign in with a second factor
                await session.flush()
                await ensure_enrolled(session, consultant_id, totp_secret)
    await engine.dispose()


def running_console(redis_base_url: str, tmp_path: Path) -> Iterator[Console]:
    import asyncio

    database_url = f"sqlite+aiosqlite:///{tmp_path / 'gateway.sqlite'}"
    upgrade_to_head(MIGRATIONS, database_url, VERSION_TABLE)
    redis_url = redis_base_url.rsplit("/", 1)[0] + f"/{REDIS_DB}"
    totp_secret = new_secret()
    asyncio.run(_seed(redis_url, database_url, totp_secret))
    settings = GatewaySettings(
        redis_url=redis_url, database_url=database_url, public_url="http://testserver",
        session_secret="test-session-secret-security",
    )
    app = create_app(settings)
    bus = AnsweringBus()
    gateway: Gateway = app.state.gateway
    gateway.bus = bus
    app.router.lifespan_context = _lifespan(redis_url, database_url)
    with TestClient(app) as client:
        yield Console(client, bus, gateway, totp_secret)
