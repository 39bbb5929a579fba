"""Where an in-process bench keeps its data: a SQLite file in a temporary folder, or a
throwaway database on the PostgreSQL at 127.0.0.1:5432 (peerline_testing.databases: the tests'
own, created from `test` and dropped after, whatever happens)."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from peerline_testing import databases

DATABASES = databases.DATABASE_KINDS


@asynccontextmanager
async def throwaway_database(database: str, prefix: str) -> AsyncIterator[str]:
    """The URL of an empty database of the kind `database`, gone once the block ends."""
    with tempfile.TemporaryDirectory(prefix=f"{prefix}-") as folder:
        async with databases.throwaway_database(database, Path(folder), prefix) as url:
            yield url
