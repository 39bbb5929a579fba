"""Migration 0002 on SQLite and PostgreSQL: the identity map gains the sealed place and when the
client was asked; the model maps it, and a place round-trips through the identity service."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.engine import Connection

from peerline_shared.db import create_engine, session_factory, unit_of_work
from peerline_shared.events import ClientPlace
from peerline_shared.migrations import upgrade_to_head
from peerline_telegram.cli import MIGRATIONS, VERSION_TABLE
from peerline_telegram.identity import service as identity
from peerline_telegram.identity.crypto import ChatIdCipher
from peerline_telegram.models import metadata
from peerline_testing.plugin import POSTGRES_TEST_URL

pytestmark = [pytest.mark.integration]


@pytest_asyncio.fixture(params=["sqlite", "postgresql"])
async def migrated_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    if request.param == "sqlite":
        url, admin = f"sqlite+aiosqlite:///{tmp_path / 'migrated.sqlite'}", None
    else:
        name = f"peerline_tg_{uuid.uuid4().hex[:10]}"
        admin = create_engine(POSTGRES_TEST_URL, isolation_level="AUTOCOMMIT")
        try:
            async with admin.connect() as connection:
                await connection.execute(text(f"CREATE DATABASE {name}"))
        except Exception as exc:  # pragma: no cover - depends on the machine
            await admin.dispose()
            pytest.skip(f"PostgreSQL not reachable: {type(exc).__name__}")
        url = POSTGRES_TEST_URL.rsplit("/", 1)[0] + f"/{name}"
    await asyncio.to_thread(upgrade_to_head, MIGRATIONS, url, VERSION_TABLE)
    yield url
    if admin is not None:
        async with admin.connect() as connection:
            await connection.execute(text(f"DROP DATABASE {url.rsplit('/', 1)[1]} WITH (FORCE)"))
        await admin.dispose()


def _differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return [diff for diff in compare_metadata(context, metadata) if "place" in repr(diff)]


async def test_the_place_columns_match_the_model_and_a_place_round_trips(migrated_url: str) -> None:
    engine = create_engine(migrated_url)
    try:
        async with engine.connect() as connection:
            assert await connection.run_sync(_differences) == []
        sessions, cipher = session_factory(engine), ChatIdCipher("a key for this test")
        async with unit_of_work(sessions) as session:
            await identity.remember(session, cipher, client_id="v1:A", chat_id=42)
            assert await identity.place_offer_due(session, client_id="v1:A")
            assert not await identity.place_offer_due(session, client_id="v1:A"), "asked once"
            await identity.choose_place(session, cipher, client_id="v1:A", chat_id=42,
                                        place=ClientPlace(country="UA", region="UA-46"))
        async with unit_of_work(sessions) as session:
            known = await identity.remember(session, cipher, client_id="v1:A", chat_id=42)
        assert known.place == ClientPlace(country="UA", region="UA-46")
        async with engine.connect() as connection:
            stored = await connection.scalar(text("SELECT place_ciphertext FROM telegram_identity"))
        assert b"UA-46" not in stored
    finally:
        await engine.dispose()
