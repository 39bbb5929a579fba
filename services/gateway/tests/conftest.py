"""The gateway in process: its real app (routes, dependencies, middleware, error handlers) on
Starlette's TestClient, with a real redis-server and a migrated SQLite file, and `FakeBus` in
place of NATS. The end-to-end and browser tests (tests/e2e, tests/browser) run it for real."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from redis.asyncio import Redis

from peerline_devtools.localservers import RedisServer
from peerline_gateway.accounts.service import ensure_account
from peerline_gateway.cli import MIGRATIONS, VERSION_TABLE
from peerline_gateway.deps import Gateway, NoAnswer
from peerline_gateway.main import create_app, start_push
from peerline_gateway.secondfactor.domain import new_secret
from peerline_gateway.secondfactor.service import ensure_enrolled
from peerline_gateway.settings import GatewaySettings
from peerline_shared.db import create_engine, session_factory, unit_of_work
from peerline_shared.events import EventBase
from peerline_shared.migrations import upgrade_to_head
from peerline_testing.console import sign_in

REDIS_DB = 5  # the gateway's in-process tests own this Redis database and flush it
PASSWORD = "correct horse battery"
Answer = Callable[[Any], EventBase]


@dataclass
class FakeBus:
    """The gateway's `Bus` in memory: it keeps what was published and answers requests with
    what a test put in `answers` (by subject); an unknown subject gets no answer."""

    published: list[tuple[str, EventBase]] = field(default_factory=list)
    asked: list[tuple[str, EventBase]] = field(default_factory=list)
    answers: dict[str, Answer] = field(default_factory=dict)
    refuse_publish: bool = False

    async def publish(self, event: EventBase, subject: str) -> None:
        if self.refuse_publish:
            raise ConnectionError("no JetStream")
        self.published.append((subject, event))

    async def request(self, subject: str, query: EventBase, reply: type[Any], *, timeout: float) -> Any:
        self.asked.append((subject, query))
        if subject not in self.answers:
            raise NoAnswer("TimeoutError")
        answer = self.answers[subject](query)
        assert isinstance(answer, reply), f"{subject}: a {type(answer).__name__} is not a {reply.__name__}"
        return answer


@dataclass
class InProcess:
    client: TestClient
    bus: FakeBus
    gateway: Gateway
    totp_secret: str

    def login(self, login: str = "olena", password: str = PASSWORD) -> str:
        """Sign in as a seeded account (with the second factor a supervisor has); returns the
        session's CSRF token."""
        return sign_in(self.client, login, password, self.totp_secret)


ACCOUNTS = {"olena": ("Olena", "consultant"), "taras": ("Taras", "supervisor"), "iryna": ("Iryna", "editor")}


def without_nats(redis_url: str, database_url: str, totp_secret: str) -> Callable[[FastAPI], Any]:
    """A lifespan that opens what routes use (Redis, the database) but no NATS: the bus is fake."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        gateway: Gateway = app.state.gateway
        runtime = gateway.runtime
        runtime.redis_client = Redis.from_url(redis_url, decode_responses=True)
        await runtime.redis_client.flushdb()
        engine = create_engine(database_url)
        runtime.sessions_factory = session_factory(engine)
        async with unit_of_work(runtime.sessions) as session:
            for login, (alias, role) in ACCOUNTS.items():
                account = await ensure_account(
                    session,
                    consultant_id=uuid.uuid4(),
                    login=login,
                    password=PASSWORD,
                    alias=alias,
                    role=role,
                )
                if role in ("supervisor", "editor"):  # they sign in with a second factor
                    await session.flush()
                    await ensure_enrolled(session, account.consultant_id, totp_secret)
        await start_push(gateway.settings, app.state.chats, app.state.consoles, app.state.rewriter, runtime)
        yield
        for task in runtime.background:
            task.cancel()
        await runtime.redis_client.aclose()
        await engine.dispose()

    return lifespan


@pytest.fixture
def settings(redis_server: RedisServer, tmp_path: Path) -> GatewaySettings:
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'gateway.sqlite'}"
    upgrade_to_head(MIGRATIONS, database_url, VERSION_TABLE)
    return GatewaySettings(
        redis_url=redis_server.url.rsplit("/", 1)[0] + f"/{REDIS_DB}",
        database_url=database_url,
        public_url="http://testserver",
        allowed_origins=["https://partner.example"],
        client_messages_per_minute=3,
        session_secret=f"test-session-secret-{secrets.token_hex(8)}",
    )


@pytest.fixture
def in_process(settings: GatewaySettings) -> Iterator[InProcess]:
    app = create_app(settings)
    bus = FakeBus()
    gateway: Gateway = app.state.gateway
    gateway.bus = bus
    totp_secret = new_secret()
    app.router.lifespan_context = without_nats(settings.redis_url, settings.database_url, totp_secret)
    with TestClient(app) as client:
        yield InProcess(client, bus, gateway, totp_secret)
