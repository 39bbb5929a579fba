"""A service's migrations run for real on SQLite and PostgreSQL (a fresh database each time)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData
from sqlalchemy.engine import Connection

from peerline_shared.db import create_engine
from peerline_shared.migrations import alembic_config, upgrade_to_head
from peerline_testing.databases import PostgresUnreachable, throwaway_database


@asynccontextmanager
async def fresh_database(kind: str, folder: Path) -> AsyncIterator[str]:
    """An empty SQLite file or PostgreSQL database (skips when PostgreSQL is not reachable)."""
    async with AsyncExitStack() as stack:
        try:
            url = await stack.enter_async_context(throwaway_database(kind, folder, "peerline_mig"))
        except PostgresUnreachable as exc:  # pragma: no cover - depends on the machine
            pytest.skip(str(exc))
        yield url


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
