"""The console's audit query verifies from the last record it found intact; the CLI's full
verification still reads the whole chain."""

from __future__ import annotations

from sqlalchemy import update

from peerline_notifications.audit.models import AuditEntry
from peerline_notifications.audit.repository import AuditRepository
from peerline_notifications.audit.verify import verify_since_checkpoint, verify_stored_chain
from peerline_notifications.conversations.handlers import audit
from peerline_notifications.deps import Deps
from peerline_shared.events import QueryAudit

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
