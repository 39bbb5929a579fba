"""SQLite through aiosqlite with one thread hop per statement instead of four.

aiosqlite runs the sqlite3 connection in its own thread; every call on it is a hand-over to
that thread and back to the event loop. SQLAlchemy's adapter makes four for each statement
(open a cursor, execute, fetch the rows, close the cursor), and under load each hand-over waits
for both threads to be scheduled: a notifications transaction of eight statements spent most
of its time there, not in SQLite. This cursor does the four steps in one call on aiosqlite's
thread and keeps what SQLAlchemy asks afterwards (description, rowcount, lastrowid, rows).

It is plugged in as the DBAPI module of the `sqlite+aiosqlite` dialect (`create_engine(...,
module=one_hop_dbapi())`): same URL, same dialect, same errors. Server-side cursors (streamed
results) keep SQLAlchemy's own cursor.

Within `statements_on_the_loop()`, a task's statements skip even that hop and run on the event
loop's own thread: for a transaction of a few short statements (tens of microseconds each, a
notifications batch), waking the driver's thread and being woken back cost more than the
statements (about a third of the batch's CPU, docs/benchmarks.md). BEGIN runs there too when it
need not wait: it is tried with no busy timeout, and only if another connection holds the
write lock does it go to the driver's thread to wait for it (busy_timeout). COMMIT and ROLLBACK
stay on the driver's thread (a commit may run a WAL checkpoint), but ending a connection that
is in no transaction (the pool's reset after every commit) is skipped, as sqlite3 itself does.
A statement inside the transaction never waits for a lock (BEGIN IMMEDIATE took it, and WAL
readers do not wait). Long queries (reports, exports, checks) must stay outside: they would
stop the whole service's loop meanwhile.

The block is guarded, not trusted: each statement on the loop is timed by the wall clock
(about 0.2 µs); once one took `LONG_STATEMENT_S` (50 ms) or the block's together
`LOOP_BUDGET_S` (250 ms), the rest of the block goes back to the driver's thread and one
warning (`sqlite.loop_budget_spent`, with the statement's first words, the times and the
block's count, never its parameters) tells which caller opted in wrongly. A single long
statement still stops the loop once; it cannot stop it again in that block.
"""

from __future__ import annotations

import collections
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, cast

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import EMPTY_DICT
from sqlalchemy.util.concurrency import await_

from peerline_shared.logging import get_logger

log = get_logger()

Outcome = tuple[Any, int, int | None, list[Any]]
"""What a statement left: description, rowcount, lastrowid, rows."""

LOOP_BUDGET_S = 0.25
"""How long one block's statements may hold the event loop, together: the pipeline's p99
target. By the wall clock, which a busy machine stretches: a triaged batch of 64 events
spent 20 ms there (median; 90 at most) with the load average at 12 on two cores, about 3 ms
on a quiet one."""
LONG_STATEMENT_S = 0.05
"""A statement on the loop that took longer is not short: the block's others go to the thread."""


@dataclass
class LoopBudget:
    """One `statements_on_the_loop` block's time on the loop, spent statement by statement."""

    seconds: float
    statement_s: float = LONG_STATEMENT_S
    spent: float = 0.0
    statements: int = 0
    left: bool = True

    def charge(self, elapsed: float, operation: str) -> None:
        self.spent += elapsed
        self.statements += 1
        if self.left and (self.spent >= self.seconds or elapsed >= self.statement_s):
            self.left = False
            log.warning("sqlite.loop_budget_spent", spent_ms=round(self.spent * 1000, 1),
                        statement_ms=round(elapsed * 1000, 1), budget_ms=round(self.seconds * 1000, 1),
                        statements=self.statements, statement_head=" ".join(operation.split()[:4])[:80])


_ON_THE_LOOP: ContextVar[LoopBudget | None] = ContextVar("sqlite_statements_on_the_loop", default=None)


@contextmanager
def statements_on_the_loop(
    budget_s: float = LOOP_BUDGET_S, statement_s: float = LONG_STATEMENT_S
) -> Iterator[LoopBudget]:
    """This task's SQLite statements run on the event loop's thread until the block ends, they
    have spent `budget_s` there, or one took `statement_s`: for transactions of short statements
    only (see the module's docstring)."""
    budget = LoopBudget(budget_s, statement_s)
    token = _ON_THE_LOOP.set(budget)
    try:
        yield budget
    finally:
        _ON_THE_LOOP.reset(token)


def _run_statement(connection: aiosqlite.Connection, operation: str, parameters: Any, many: bool) -> Outcome:
    """On aiosqlite's thread: the whole statement, its rows read before the cursor closes."""
    cursor = connection._conn.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        elif parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        rows = cursor.fetchall() if cursor.description else []
        return cursor.description, cursor.rowcount, cursor.lastrowid, rows
    finally:
        cursor.close()


class OneHopCursor(AsyncAdapt_aiosqlite_cursor):
    __slots__ = ("_description", "_lastrowid", "_rowcount")

    # Nothing to close on the driver's side: the statement's cursor is closed on its thread.
    _awaitable_cursor_close = False

    def __init__(self, adapt_connection: Any) -> None:
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = None  # type: ignore[assignment]  # no driver cursor outlives a statement
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: int | None = None

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> Any:
        return self._lastrowid

    def execute(self, operation: Any, parameters: Any = None) -> None:
        self._run(operation, parameters, many=False)

    def executemany(self, operation: Any, seq_of_parameters: Sequence[Any]) -> None:
        self._run(operation, seq_of_parameters, many=True)

    def _run(self, operation: Any, parameters: Any, *, many: bool) -> None:
        try:
            await_(self._run_async(operation, parameters, many))
        except Exception as error:
            self._adapt_connection._handle_exception(error)

    async def _run_async(self, operation: Any, parameters: Any, many: bool) -> None:
        budget = _ON_THE_LOOP.get()
        connection = cast(aiosqlite.Connection, self._connection)  # typed as the protocol
        async with self._adapt_connection._execute_mutex:
            outcome = None
            if budget is not None and budget.left:
                started = time.perf_counter()
                try:
                    if operation.startswith("BEGIN"):
                        outcome = _begin_unless_busy(connection, operation)
                    else:
                        outcome = _run_statement(connection, operation, parameters, many)
                finally:
                    budget.charge(time.perf_counter() - started, operation)
            if outcome is None:
                outcome = await connection._execute(  # type: ignore[no-untyped-call]
                    _run_statement, connection, operation, parameters, many
                )
        self._description, self._rowcount, self._lastrowid, rows = outcome
        self._rows = collections.deque(rows)


_MUST_WAIT = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})
"""Primary result codes (an extended code's low byte) of a lock another connection holds."""


def _begin_unless_busy(connection: aiosqlite.Connection, operation: str) -> Outcome | None:
    """BEGIN on the loop's thread if it need not wait: with no busy timeout for that one
    statement, SQLite answers "busy" at once where it would have waited for another
    connection's lock; None then, and the caller sends BEGIN to the driver's thread, where it
    waits as long as the connection's own busy timeout allows."""
    sqlite = connection._conn
    (waits_ms,) = sqlite.execute("PRAGMA busy_timeout").fetchone()
    sqlite.execute("PRAGMA busy_timeout = 0")
    try:
        return _run_statement(connection, operation, None, False)
    except sqlite3.OperationalError as error:
        if sqlite.in_transaction or error.sqlite_errorcode & 0xFF not in _MUST_WAIT:
            raise
        return None
    finally:
        sqlite.execute(f"PRAGMA busy_timeout = {int(waits_ms)}")


class OneHopConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ()
    _cursor_cls = OneHopCursor

    # Ending no transaction is a no-op in sqlite3, but a hand-over to the driver's thread and
    # back: the pool's reset of every returned connection (a rollback after each commit) was
    # one of the three a write transaction cost, one of the two of a read.
    def rollback(self) -> None:
        if self._in_transaction():
            super().rollback()

    def commit(self) -> None:
        if self._in_transaction():
            super().commit()

    def _in_transaction(self) -> bool:
        sqlite = getattr(self._connection, "_connection", None)
        return sqlite is None or sqlite.in_transaction  # closed: as before, the driver says so


class OneHopDBAPI(AsyncAdapt_aiosqlite_dbapi):
    def connect(self, *arg: Any, **kw: Any) -> OneHopConnection:
        adapted = super().connect(*arg, **kw)
        return OneHopConnection(self, adapted._connection)


def one_hop_dbapi() -> OneHopDBAPI | None:
    """The one-hop DBAPI, or None (SQLAlchemy's own adapter) when the aiosqlite or SQLAlchemy
    installed lack the internals it builds on: an upgrade then costs speed, not the service."""
    needed = (
        hasattr(aiosqlite.Connection, "_execute"),
        hasattr(aiosqlite.Connection, "_conn"),
        hasattr(AsyncAdapt_aiosqlite_cursor, "_adapt_connection"),
    )
    if not all(needed):
        return None
    return OneHopDBAPI(aiosqlite, sqlite3)
