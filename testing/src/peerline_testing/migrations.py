"""A service's migrations run for real on SQLite and PostgreSQL (a fresh database each time)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData, text
from sqlalchemy.engine import Connection

from peerline_shared.db import create_engine
from peerline_shared.migrations import alembic_config, upgrade_to_head
from peerline_testing.plugin import POSTGRES_TEST_URL


@asynccontextmanager
async def fresh_database(kind: str, folder: Path) -> AsyncIterator[str]:
    """An empty SQLite file or PostgreSQL database (skips when PostgreSQL is not reachable)."""
    if kind == "sqlite":
        yield f"sqlite+aiosqlite:///{folder / f'migrated-{uuid.uuid4().hex[:8]}.sqlite'}"
        return
    name = f"peerline_mig_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_TEST_URL, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f"CREATE DATABASE {name}"))
    except Exception as exc:  # pragma: no cover - depends on the machine
        await admin.dispose()
        pytest.skip(f"PostgreSQL not reachable: {type(exc).__name__}")
    try:
        yield POSTGRES_TEST_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
        await admin.dispose()


async def differences(url: str, metadata: MetaData, touching: Callable[[str], bool]) -> list[str]:
    """What the migrated schema lacks or has beyond the models, among the differences whose
    description `touching` picks."""

    def compare(connection: Connection) -> list[str]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return [repr(diff) for diff in compare_metadata(context, metadata) if touching(repr(diff))]

    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(compare)
    finally:
        await engine.dispose()


async def down_and_up(migrations: Path, url: str, version_table: str) -> None:
    """The newest migration undone and done again (its downgrade works)."""
    config = alembic_config(migrations, url, version_table)
    await asyncio.to_thread(command.downgrade, config, "-1")
    await asyncio.to_thread(upgrade_to_head, migrations, url, version_table)
