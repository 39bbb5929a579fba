"""Costs that must not grow with the queue, counted on a real database (not timed): the SLA
tick reads only what is due and writes nothing when nothing changed; the console's queue page
reads its rows off an index in the console's order."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, literal, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from peerline_notifications.deps import Deps
from peerline_notifications.domain.states import UNCLAIMED
from peerline_notifications.settings import NotificationsSettings
from peerline_notifications.sla.service import tick
from peerline_notifications.storage.models import QUEUE_URGENCY, Conversation
from peerline_notifications.storage.queue_page import page_query
from peerline_shared.events.vocabulary import URGENCY_ORDER, urgency_rank

from .conftest import consultant, triaged
from .support import claim, receive

OPEN_CONVERSATIONS = 24
URGENCIES = ("emergency", "high", "normal", "low")


async def _open_queue(deps: Deps) -> None:
    """Open conversations of every urgency, a third of them held; their first tick done."""
    for number in range(OPEN_CONVERSATIONS):
        conversation = await receive(deps, triaged(client=f"c{number}", urgency=URGENCIES[number % 4]))
        if number % 3 == 0:
            await claim(deps, conversation.id, consultant("Olena"))
    await tick(deps)  # schedules them all


@contextmanager
def _statements(engine: AsyncEngine) -> Iterator[list[tuple[str, Any]]]:
    """Every statement sent to the database meanwhile, with its parameters (a list of them for
    an executemany)."""
    sent: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, many: bool) -> None:
        sent.append((statement, parameters if many else [parameters]))

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


async def _rows_returned(engine: AsyncEngine, sent: list[tuple[str, Any]]) -> int:
    """How many rows the SELECTs among `sent` return: each run again, now."""
    total = 0
    async with engine.connect() as connection:
        for statement, parameters in sent:
            if statement.lstrip().upper().startswith("SELECT"):
                total += len((await connection.exec_driver_sql(statement, parameters[0])).all())
    return total


async def test_a_tick_with_nothing_due_reads_no_conversation_and_writes_nothing(
    make_deps, any_engine: AsyncEngine
) -> None:
    deps: Deps = make_deps(any_engine)
    await _open_queue(deps)
    with _statements(any_engine) as sent:
        await tick(deps)
    words = " ".join(statement.upper() for statement, _ in sent)
    # No write transaction (BEGIN IMMEDIATE on SQLite, the writes gate on PostgreSQL), no write.
    writes = ("IMMEDIATE", "ADVISORY", "UPDATE ", "INSERT ", "DELETE ")
    assert not any(word in words for word in writes), words
    # The gauges' groups (one row per urgency waiting) and nothing per conversation: reading
    # every open conversation would return all of them.
    assert await _rows_returned(any_engine, sent) <= len(URGENCIES)


async def test_a_tick_reads_the_conversations_that_changed_and_only_those(
    make_deps, any_engine: AsyncEngine
) -> None:
    deps: Deps = make_deps(any_engine)
    await _open_queue(deps)
    await receive(deps, triaged("ще одне", client="c1", urgency="high"))  # one changes
    with _statements(any_engine) as sent:
        await tick(deps)
    scheduled = [parameters for statement, parameters in sent
                 if statement.upper().startswith("UPDATE") and "due_at" in statement
                 and "specialist_kind" not in statement]  # not the one parking a specialist's queue
    # One UPDATE (an executemany) writes the changed conversation's next moment, and no other's.
    assert [len(rows) for rows in scheduled] == [1]


async def test_the_queue_page_reads_its_rows_in_order_off_the_index(any_engine: AsyncEngine) -> None:
    query = page_query(include_closed=False)
    async with any_engine.connect() as connection:
        if any_engine.dialect.name == "sqlite":
            sql = str(query.compile(any_engine, compile_kwargs={"literal_binds": True}))
            rows = await connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql)
            plan = " ".join(str(row[-1]) for row in rows)
            # The page's rows come off the index; only the page's own 500 rows are sorted again.
            assert "ix_notifications_conversation_queue_order" in plan, plan
            assert plan.count("TEMP B-TREE") <= 1, plan
        else:
            # An empty table's plan is a scan whatever the indexes: forbid one to see that the
            # index spells the query's expressions (else PostgreSQL cannot use it at all).
            await connection.execute(text("SET LOCAL enable_seqscan = off"))
            await connection.execute(text("SET LOCAL enable_sort = off"))
            compiled = query.compile(any_engine)
            parameters = tuple(compiled.params[name] for name in compiled.positiontup or ())
            rows = await connection.exec_driver_sql("EXPLAIN " + str(compiled), parameters)
            plan = " ".join(str(row[0]) for row in rows)
            assert "ix_notifications_conversation_queue_order" in plan, plan


async def test_the_page_lists_the_waiting_first_by_urgency(make_deps, any_engine: AsyncEngine) -> None:
    deps: Deps = make_deps(any_engine)
    await _open_queue(deps)
    async with deps.readers() as session:
        rows = list(await session.execute(page_query(include_closed=False, limit=10)))
    waiting = sum(1 for number in range(OPEN_CONVERSATIONS) if number % 3)
    assert len(rows) == 10 < waiting
    assert all(row.state in UNCLAIMED for row in rows)  # the held ones come after
    ranks = [(urgency_rank(row.urgency), row.waiting_since) for row in rows]
    assert ranks == sorted(ranks) and ranks[0][0] == 0


async def test_the_sql_urgency_order_is_urgency_rank(any_engine: AsyncEngine) -> None:
    async with any_engine.connect() as connection:
        for urgency in (*URGENCY_ORDER, "unknown"):
            value = select(literal(urgency).label("urgency")).subquery()
            rank = select(text(QUEUE_URGENCY)).select_from(value)
            assert (await connection.execute(rank)).scalar_one() == urgency_rank(urgency)


def _rescheduled_rows(sent: list[tuple[str, Any]]) -> list[str]:
    """The statements that cleared every open conversation's schedule."""
    return [statement for statement, _ in sent
            if statement.upper().startswith("UPDATE") and "due_at" in statement and "state IN" in statement
            and "specialist_kind" not in statement]  # not the one parking a specialist's queue


async def test_a_new_leader_with_the_same_settings_keeps_the_schedules(
    make_deps, any_engine: AsyncEngine, settings: NotificationsSettings
) -> None:
    first: Deps = make_deps(any_engine)
    await _open_queue(first)  # its first tick scheduled them all, under its settings
    async with first.readers() as session:
        before = (await session.execute(select(Conversation.id, Conversation.due_at))).all()

    successor: Deps = make_deps(any_engine)  # a fail-over: a new process, nothing in memory
    with _statements(any_engine) as sent:
        await tick(successor)
    async with successor.readers() as session:
        after = (await session.execute(select(Conversation.id, Conversation.due_at))).all()
    assert _rescheduled_rows(sent) == []
    assert sorted(after) == sorted(before)

    changed: Deps = make_deps(any_engine)
    changed.settings = settings.model_copy(update={"sla_normal_s": settings.sla_normal_s * 2})
    with _statements(any_engine) as sent:
        await tick(changed)
    assert len(_rescheduled_rows(sent)) == 1, "other settings: every open conversation afresh"
