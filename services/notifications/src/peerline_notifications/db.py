"""The notifications service's tables share this declarative base."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from peerline_shared.db import ProcessedEventMixin, make_base

Base = make_base("notifications")
READ_ONLY = "peerline_read_only"
Core = AsyncSession | AsyncConnection
"""Where a repository runs its Core statements: the session, or (in a unit of work) the
transaction's own connection, which skips the session's steps for each statement (coercion,
the bind and its connection looked up, events): about 10–15 µs of some 50 a short statement
costs on SQLite (docs/benchmarks.md). Core statements never autoflush, so both run the same."""


class ProcessedEvent(ProcessedEventMixin, Base):
    __tablename__ = "notifications_processed_event"


def dialect_of(core: Core) -> str:
    """The database a session or a connection talks to: "sqlite" or "postgresql"."""
    return core.get_bind().dialect.name if isinstance(core, AsyncSession) else core.dialect.name


def serialise_sqlite_writes(engine: AsyncEngine) -> None:
    """SQLite: start every transaction with BEGIN IMMEDIATE.

    A deferred transaction that reads first and writes later fails with "database is locked"
    when another writer committed in between (WAL snapshots cannot be upgraded). Taking the
    write lock at BEGIN makes transactions queue instead (busy_timeout), which is what the
    audit chain and the capacity check need. PostgreSQL uses the write scopes' locks
    (`write_locks.py`) and the audit head's row lock instead.
    """
    if engine.dialect.name != "sqlite":
        return

    def no_driver_transactions(dbapi_connection: Any, _: Any) -> None:
        dbapi_connection.isolation_level = None

    def begin_immediate(connection: Any) -> None:
        read_only = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    event.listen(engine.sync_engine, "connect", no_driver_transactions)
    event.listen(engine.sync_engine, "begin", begin_immediate)


def read_only(sessions: async_sessionmaker[AsyncSession]) -> async_sessionmaker[AsyncSession]:
    """The same database for queries that write nothing: on SQLite their transactions begin
    DEFERRED, so they read a WAL snapshot instead of queueing behind the writer. Never write
    in one: writes go through `work.run`, which takes the write locks."""
    engine: AsyncEngine = sessions.kw["bind"]
    return async_sessionmaker(engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False)
