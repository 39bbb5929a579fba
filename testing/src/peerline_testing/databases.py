"""Throwaway databases for tests and benches: a SQLite file in a given folder, or a new
database on the local PostgreSQL (trust auth, created from `test`), dropped afterwards
whatever happens. No pytest here: the benches use it too."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import text

from peerline_shared.db import create_engine

POSTGRES_TEST_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
DATABASE_KINDS = ("sqlite", "postgresql")


class PostgresUnreachable(RuntimeError):
    """No PostgreSQL answers at POSTGRES_TEST_URL, or it refused to create a database."""


@asynccontextmanager
async def throwaway_database(kind: str, folder: Path, prefix: str = "peerline") -> AsyncIterator[str]:
    """The URL of an empty database of `kind` ("sqlite" or "postgresql"), gone once the block ends
    (the SQLite file lives in `folder`, which the caller owns)."""
    tag = f"{prefix.replace('-', '_')}_{uuid.uuid4().hex[:10]}"
    if kind == "sqlite":
        yield f"sqlite+aiosqlite:///{folder / f'{tag}.sqlite'}"
        return
    admin = create_engine(POSTGRES_TEST_URL, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f"CREATE DATABASE {tag}"))
    except Exception as exc:  # no PostgreSQL on this machine, or no right to create one
        await admin.dispose()
        raise PostgresUnreachable(f"PostgreSQL not reachable: {type(exc).__name__}") from exc
    try:
        yield POSTGRES_TEST_URL.rsplit("/", 1)[0] + f"/{tag}"
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f"DROP DATABASE {tag} WITH (FORCE)"))
        await admin.dispose()
