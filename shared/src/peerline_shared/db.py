"""SQLAlchemy 2 async: a declarative base with a naming convention, and factories.

Engines and sessions are created by a service's lifespan, never at import. SQLite (aiosqlite)
is the embedded default; PostgreSQL (asyncpg) is chosen by URL.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, MetaData, String, TypeDecorator, event
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from peerline_shared.sqlite_driver import one_hop_dbapi

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite forgets the zone otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        # Called for every datetime of every row read (nine a conversation): no import here.
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def make_base(schema_prefix: str) -> type[DeclarativeBase]:
    """A declarative base for one service; its tables are prefixed with the service name."""

    class Base(DeclarativeBase):
        metadata = MetaData(naming_convention=NAMING_CONVENTION)
        type_annotation_map = {datetime: UtcDateTime}  # noqa: RUF012 - SQLAlchemy reads it as is

    Base.__doc__ = f"Tables owned by {schema_prefix}"
    return Base


class ProcessedEventMixin:
    """The inbox of a consumer: an event id recorded in the same transaction as its effect,
    so a redelivered event is recognised and changes nothing."""

    consumer: Mapped[str] = mapped_column(String(64), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    processed_at: Mapped[datetime]


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    if url.startswith("sqlite"):
        driver = one_hop_dbapi()
        if driver is not None:
            kwargs["module"] = driver
        # Not only aiosqlite's thread may use a connection: `statements_on_the_loop` runs a
        # transaction's short statements on the loop's thread (one task at a time, under the
        # adapter's mutex, so never two threads at once).
        engine = create_async_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, **kwargs)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    return create_async_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _: Any) -> None:
    # WAL lets the console read while a consumer writes; foreign keys are off by default.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    # Deleted rows (erased or expired text) are overwritten with zeros, not left readable in
    # free pages of the file; `truncate_wal` then removes the older copies in the WAL.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


async def truncate_wal(sessions: async_sessionmaker[AsyncSession], attempts: int = 3) -> bool:
    """After an erasure on SQLite: copy the write-ahead log into the database and cut it to
    zero bytes, so the erased rows' earlier versions (the WAL keeps every page as written)
    leave the disk. True when done (and always on other databases: see docs/privacy.md).
    A reader in the middle of a transaction can hold the log; then try again."""
    engine: AsyncEngine = sessions.kw["bind"]
    if engine.dialect.name != "sqlite":
        return True
    for attempt in range(attempts):
        # On the driver's connection, outside any transaction (a service may begin each of
        # its transactions with BEGIN IMMEDIATE, and no checkpoint runs inside one).
        async with engine.connect() as connection:
            raw = await connection.get_raw_connection()
            driver: Any = raw.driver_connection
            async with driver.execute("PRAGMA wal_checkpoint(TRUNCATE)") as cursor:
                busy, _, _ = await cursor.fetchone()
        if not busy:
            return True
        await asyncio.sleep(0.1 * 2**attempt)
    return False


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


@asynccontextmanager
async def snapshot(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """A session whose reads all see the database as it was at the first of them, whatever
    commits meanwhile: for checking rows against each other (an audit chain against its head)
    while writers go on. PostgreSQL: one REPEATABLE READ transaction. SQLite: one transaction
    (deferred, so it holds no lock), whose WAL snapshot lasts to its end; without it the
    driver runs each SELECT on its own. Rolled back at the end: never write in it."""
    engine: AsyncEngine = sessions.kw["bind"]
    async with sessions() as session:
        postgres = engine.dialect.name == "postgresql"
        options = {"isolation_level": "REPEATABLE READ"} if postgres else None
        connection = await session.connection(execution_options=options)
        if engine.dialect.name == "sqlite":
            raw = await connection.get_raw_connection()
            driver: Any = raw.driver_connection
            if not driver.in_transaction:  # a service's own BEGIN may have run
                await connection.exec_driver_sql("BEGIN")
        yield session  # closing the session rolls back, and leaves what it read readable


@asynccontextmanager
async def unit_of_work(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """One transaction owned by the entry point: commit on success, roll back on error."""
    async with sessions() as session, session.begin():
        yield session
