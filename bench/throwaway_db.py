"""Where an in-process bench keeps its data: a SQLite file in a temporary folder, or a
throwaway database on the PostgreSQL at 127.0.0.1:5432 (trust; created from `test`, dropped
after, whatever happens)."""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import text

from peerline_shared.db import create_engine

POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432"
DATABASES = ("sqlite", "postgresql")


@asynccontextmanager
async def throwaway_database(database: str, prefix: str) -> AsyncIterator[str]:
    """The URL of an empty database of the kind `database`, gone once the block ends."""
    if database == "sqlite":
        with tempfile.TemporaryDirectory(prefix=f"{prefix}-") as folder:
            yield f"sqlite+aiosqlite:///{Path(folder) / 'notifications.sqlite'}"
        return
    name = f"{prefix.replace('-', '_')}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(f"{POSTGRES_URL}/test", isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{POSTGRES_URL}/{name}"
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        await admin.dispose()
