"""`peerline gateway account add` and `reset-password`: the password rules apply, and a reset
ends the account's console sessions. Real SQLite file and redis-server."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import pytest
from redis.asyncio import Redis
from typer.testing import CliRunner

from peerline_devtools.localservers import RedisServer
from peerline_gateway.cli import MIGRATIONS, VERSION_TABLE, app
from peerline_gateway.console.sessions import SessionStore
from peerline_shared.migrations import upgrade_to_head

REDIS_DB = 8


@pytest.fixture
def env(tmp_path: Path, redis_server: RedisServer, monkeypatch: pytest.MonkeyPatch) -> str:
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'gateway.sqlite'}"
    upgrade_to_head(MIGRATIONS, database_url, VERSION_TABLE)
    redis_url = redis_server.url.rsplit("/", 1)[0] + f"/{REDIS_DB}"
    monkeypatch.setenv("PEERLINE_DATABASE_URL", database_url)
    monkeypatch.setenv("PEERLINE_REDIS_URL", redis_url)
    return redis_url


def run(*args: str, password: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={"PEERLINE_NEW_ACCOUNT_PASSWORD": password})
    return result.exit_code, result.output


def test_account_add_applies_the_password_rules(env: str) -> None:
    add = ("account", "add", "--login", "mykola", "--alias", "Mykola")
    assert run(*add, password="password12")[0] == 1
    assert run(*add, password="mykola-mykola-1")[0] == 1
    code, output = run(*add, password="Lantern-orchard-1987")
    assert code == 0, output


def test_reset_password_ends_the_sessions(env: str) -> None:
    consultant_id = uuid.uuid4()
    add = ("account", "add", "--login", "mykola", "--alias", "Mykola", "--consultant-id", str(consultant_id))
    assert run(*add, password="Lantern-orchard-1987")[0] == 0

    async def open_session() -> str:
        redis = Redis.from_url(env, decode_responses=True)
        session = await SessionStore(redis, 600, 3600).create(consultant_id, "Mykola", "consultant")
        await redis.aclose()
        return session.session_id

    async def still_open(session_id: str) -> bool:
        redis = Redis.from_url(env, decode_responses=True)
        found = await SessionStore(redis, 600, 3600).get(session_id)
        await redis.aclose()
        return found is not None

    session_id = asyncio.run(open_session())
    reset = ("account", "reset-password", "--login", "mykola")
    assert run(*reset, password="1234567890")[0] == 1
    assert asyncio.run(still_open(session_id))
    code, output = run(*reset, password="Quiet-harbour-lamp-42")
    assert code == 0, output
    assert not asyncio.run(still_open(session_id))
