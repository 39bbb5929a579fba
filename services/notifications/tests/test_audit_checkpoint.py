"""The console's audit query verifies from the last record it found intact; the CLI's full
verification still reads the whole chain."""

from __future__ import annotations

import asyncio

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine

from peerline_notifications.audit.models import AuditEntry
from peerline_notifications.audit.repository import AuditRepository
from peerline_notifications.audit.verify import verify_since_checkpoint, verify_stored_chain
from peerline_notifications.conversations.handlers import audit
from peerline_notifications.deps import Deps
from peerline_shared.db import unit_of_work
from peerline_shared.events import QueryAudit, utc_now

from .conftest import FakeDirectory, triaged
from .support import actor, receive


async def _checkpoint(deps: Deps) -> int:
    async with deps.sessions() as session:
        point = await AuditRepository(session).get_checkpoint()
    return point.sequence if point is not None else 0


async def test_each_audit_query_checks_only_what_came_since_the_last(
    deps: Deps, directory: FakeDirectory
) -> None:
    boss = actor(directory.supervisors[0])
    await receive(deps, triaged(client="a"))
    assert (await audit(QueryAudit(actor=boss), deps)).chain_ok
    first = await _checkpoint(deps)
    assert first == 2  # queued, offered

    await receive(deps, triaged(client="b"))
    async with deps.sessions() as session:
        problems, verified = await verify_since_checkpoint(session)
        read = await AuditRepository(session).list_after(first)
    assert problems == [] and [entry.sequence for entry in read] == [3, 4]
    assert verified is not None and verified.sequence == 4
    assert (await audit(QueryAudit(actor=boss), deps)).chain_ok
    assert await _checkpoint(deps) == 4


async def test_tampering_after_the_checkpoint_is_caught_before_it_by_the_full_check(
    deps: Deps, directory: FakeDirectory
) -> None:
    boss = actor(directory.supervisors[0])
    await receive(deps, triaged(client="a"))
    assert (await audit(QueryAudit(actor=boss), deps)).chain_ok  # checkpoint at 2
    await receive(deps, triaged(client="b"))
    async with deps.sessions() as session, session.begin():
        edit = update(AuditEntry).where(AuditEntry.sequence == 3).values(action="closed")
        await session.execute(edit)
    page = await audit(QueryAudit(actor=boss), deps)
    assert not page.chain_ok and "record 3" in page.problems[0]
    assert await _checkpoint(deps) == 2  # not moved past a broken record

    async with deps.sessions() as session, session.begin():
        await session.execute(update(AuditEntry).where(AuditEntry.sequence == 3).values(action="queued"))
        await session.execute(update(AuditEntry).where(AuditEntry.sequence == 1).values(action="closed"))
        _, problems = await verify_stored_chain(session)
    assert [problem.sequence for problem in problems] == [1]


async def test_the_console_check_sees_one_instant_while_records_are_appended_and_pruned(
    make_deps, any_engine: AsyncEngine, directory: FakeDirectory  # type: ignore[no-untyped-def]
) -> None:
    """Retention prunes the chain's start while a supervisor opens the audit page: the head
    (where pruning stopped) and the records after it must come from one instant, or the page
    reports a gap that is only the prune landing between two reads."""
    deps: Deps = make_deps(any_engine)
    boss = actor(directory.supervisors[0])
    stop = asyncio.Event()
    pruned = 0

    async def append_and_prune() -> None:
        nonlocal pruned
        while not stop.is_set():
            for _ in range(3):
                async with deps.writes, unit_of_work(deps.sessions) as session:
                    audit_log = AuditRepository(session)
                    await audit_log.append_system("sla.checked", None, utc_now())
                    await audit_log.write_pending()
            async with deps.writes, unit_of_work(deps.sessions) as session:
                pruned += await AuditRepository(session).prune_before(utc_now())

    writer = asyncio.create_task(append_and_prune())
    try:
        pages = [await audit(QueryAudit(actor=boss), deps) for _ in range(150)]
    finally:
        stop.set()
        await writer
    assert pruned > 30  # pruning went on during the checks
    assert [page.problems for page in pages if not page.chain_ok] == []
