"""The one-hop SQLite cursor: what SQLAlchemy reads back is right, and a statement is one hop."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
import pytest_asyncio
from sqlalchemy import Integer, String, event, insert, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import Mapped, mapped_column
from structlog.testing import capture_logs

from peerline_shared import db
from peerline_shared.db import create_engine, make_base, session_factory
from peerline_shared.sqlite_driver import one_hop_dbapi, statements_on_the_loop

Base = make_base("test")


class Note(Base):
    __tablename__ = "test_note"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    body: Mapped[str] = mapped_column(String(50), unique=True)


@pytest_asyncio.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'notes.sqlite'}")
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.create_all)
    yield engine
    await engine.dispose()


async def test_rows_rowcount_and_generated_keys_come_back(engine: AsyncEngine) -> None:
    async with session_factory(engine)() as session, session.begin():
        session.add_all([Note(body="перша"), Note(body="second")])
        await session.flush()
        ids = sorted(note.id for note in (await session.execute(select(Note))).scalars())
        changed = await session.execute(update(Note).where(Note.body == "second").values(body="друга"))
        returned = await session.execute(insert(Note).values(body="third").returning(Note.id))
        new_id = returned.scalar_one()

    assert ids == [1, 2]
    assert getattr(changed, "rowcount", None) == 1
    assert new_id == 3
    async with engine.connect() as connection:
        bodies = (await connection.execute(text("SELECT body FROM test_note ORDER BY id"))).scalars().all()
    assert bodies == ["перша", "друга", "third"]


async def test_many_rows_at_once_and_a_broken_constraint_is_sqlalchemys_error(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.execute(insert(Note), [{"body": f"note {n}"} for n in range(50)])
    async with engine.connect() as connection:
        count = (await connection.execute(text("SELECT count(*) FROM test_note"))).scalar_one()
    assert count == 50

    with pytest.raises(IntegrityError):
        async with engine.begin() as connection:
            await connection.execute(insert(Note).values(body="note 7"))


async def test_a_statement_is_one_hand_over_to_the_sqlite_thread(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with engine.connect() as connection:
        await connection.execute(text("SELECT 1"))  # the connection is open and set up
        hand_overs: list[Any] = []
        original = aiosqlite.Connection._execute

        async def counted(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
            hand_overs.append(fn)
            return await original(self, fn, *args, **kwargs)

        monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
        answer = (await connection.execute(text("SELECT 40 + 2"))).scalar_one()
        during_the_statement = list(hand_overs)

    assert answer == 42
    # SQLAlchemy's own adapter makes four: cursor, execute, fetchall, close.
    assert len(during_the_statement) == 1


async def test_on_the_loop_a_transactions_statements_and_an_uncontended_begin_run_on_the_loops_thread(
    engine: AsyncEngine,
) -> None:
    ran: list[tuple[str, int]] = []  # each statement and the thread that ran it

    def traced(dbapi_connection: Any, _: Any) -> None:
        dbapi_connection.create_function("thread", 0, threading.get_ident)
        sqlite = dbapi_connection._connection._conn
        sqlite.isolation_level = None  # as notifications runs it: its own BEGIN IMMEDIATE
        sqlite.set_trace_callback(lambda statement: ran.append((statement, threading.get_ident())))

    event.listen(engine.sync_engine, "connect", traced)
    begin_immediate = "BEGIN IMMEDIATE"
    event.listen(engine.sync_engine, "begin", lambda connection: connection.exec_driver_sql(begin_immediate))
    await engine.dispose()  # new connections, traced
    loop_thread = threading.get_ident()
    with statements_on_the_loop():
        async with engine.begin() as connection:
            await connection.execute(insert(Note).values(body="on the loop"))
            inside = (await connection.execute(text("SELECT thread()"))).scalar_one()
    async with engine.begin() as connection:
        outside = (await connection.execute(text("SELECT thread()"))).scalar_one()
        stored = (await connection.execute(text("SELECT body FROM test_note"))).scalars().all()

    assert inside == loop_thread
    begins = [thread for statement, thread in ran if statement == begin_immediate]
    assert begins[0] == loop_thread, "nobody held the write lock: BEGIN did not wait, on the loop"
    assert loop_thread not in begins[1:], "outside the block, BEGIN goes to aiosqlite's thread"
    assert outside != loop_thread, "outside the block, statements go to aiosqlite's thread"
    assert stored == ["on the loop"], "what ran on the loop was committed by the driver's thread"
    commits = [thread for statement, thread in ran if statement == "COMMIT"]
    assert commits and loop_thread not in commits, "COMMIT may checkpoint the WAL: never on the loop"
    assert "ROLLBACK" not in [statement for statement, _ in ran], "nothing to roll back: no hop for it"


async def test_on_the_loop_a_begin_that_must_wait_for_another_writer_waits_on_the_drivers_thread(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    begins: list[int] = []

    def traced(dbapi_connection: Any, _: Any) -> None:
        sqlite = dbapi_connection._connection._conn
        sqlite.isolation_level = None
        sqlite.set_trace_callback(
            lambda statement: begins.append(threading.get_ident()) if statement == "BEGIN IMMEDIATE" else None
        )

    event.listen(engine.sync_engine, "connect", traced)
    begin_immediate = "BEGIN IMMEDIATE"
    event.listen(engine.sync_engine, "begin", lambda connection: connection.exec_driver_sql(begin_immediate))
    await engine.dispose()
    other = await aiosqlite.connect(tmp_path / "notes.sqlite", isolation_level=None)
    await other.execute("BEGIN IMMEDIATE")  # another process's writer holds the lock

    async def write_on_the_loop() -> None:
        with statements_on_the_loop():
            async with engine.begin() as connection:
                await connection.execute(insert(Note).values(body="after the other"))

    writing = asyncio.create_task(write_on_the_loop())
    await asyncio.sleep(0.2)  # it is waiting, and the loop is free to go on meanwhile
    assert not writing.done()
    await other.execute("INSERT INTO test_note (body) VALUES ('first')")
    await other.commit()
    await other.close()
    await writing
    async with engine.connect() as connection:
        stored = (await connection.execute(text("SELECT body FROM test_note ORDER BY id"))).scalars().all()

    assert stored == ["first", "after the other"]
    assert begins[0] == threading.get_ident(), "tried on the loop first, without waiting"
    assert begins[-1] != threading.get_ident(), "the BEGIN that waited for the lock did so off the loop"


async def _telling_threads(engine: AsyncEngine) -> None:
    """New connections answer `SELECT thread()` with the thread that runs the statement."""

    def with_thread(dbapi_connection: Any, _: Any) -> None:
        dbapi_connection.create_function("thread", 0, threading.get_ident)

    event.listen(engine.sync_engine, "connect", with_thread)
    await engine.dispose()


async def test_a_block_that_spent_its_budget_on_the_loop_sends_the_rest_to_the_driver_and_warns(
    engine: AsyncEngine,
) -> None:
    await _telling_threads(engine)
    loop_thread = threading.get_ident()
    async with engine.begin() as connection:  # connected first: its PRAGMAs are not the block's
        with capture_logs() as logged, statements_on_the_loop(budget_s=1e-9) as budget:
            first = (await connection.execute(text("SELECT thread()"))).scalar_one()
            then = [(await connection.execute(text("SELECT thread()"))).scalar_one() for _ in range(3)]

    assert first == loop_thread, "the first statement runs on the loop: nothing is spent yet"
    assert loop_thread not in then, "once spent, the block's statements go to the driver's thread"
    [warning] = [entry for entry in logged if entry["event"] == "sqlite.loop_budget_spent"]
    assert (warning["statements"], warning["statement_head"]) == (1, "SELECT thread()")
    assert budget.statements == 1


async def test_one_long_statement_on_the_loop_sends_the_blocks_others_to_the_driver(
    engine: AsyncEngine,
) -> None:
    await _telling_threads(engine)
    async with engine.begin() as connection:
        with capture_logs() as logged, statements_on_the_loop(statement_s=1e-9) as budget:
            first = (await connection.execute(text("SELECT thread()"))).scalar_one()
            then = (await connection.execute(text("SELECT thread()"))).scalar_one()

    assert first == threading.get_ident() and then != first
    assert [entry["statements"] for entry in logged if entry["event"] == "sqlite.loop_budget_spent"] == [1]
    assert not budget.left and budget.spent < budget.seconds, "the statement's own limit, not the block's"


async def test_a_block_of_short_statements_stays_on_the_loop_within_its_budget(engine: AsyncEngine) -> None:
    with capture_logs() as logged, statements_on_the_loop() as budget:
        async with engine.begin() as connection:
            for n in range(20):
                await connection.execute(insert(Note).values(body=f"note {n}"))
    assert budget.statements == 20 and budget.left
    assert not [entry for entry in logged if entry["event"] == "sqlite.loop_budget_spent"]


def test_without_the_internals_it_needs_the_driver_steps_aside(monkeypatch: pytest.MonkeyPatch) -> None:
    assert one_hop_dbapi() is not None
    monkeypatch.delattr(aiosqlite.Connection, "_execute")
    assert one_hop_dbapi() is None


async def test_sqlalchemys_own_adapter_serves_when_the_driver_steps_aside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "one_hop_dbapi", lambda: None)
    engine = db.create_engine(f"sqlite+aiosqlite:///{tmp_path / 'plain.sqlite'}")
    try:
        async with engine.connect() as connection:
            assert (await connection.execute(text("SELECT 40 + 2"))).scalar_one() == 42
            assert type(connection.sync_connection.connection.dbapi_connection).__name__ == (
                "AsyncAdapt_aiosqlite_connection"
            )
    finally:
        await engine.dispose()
