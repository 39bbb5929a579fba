"""The audit head is read and moved only where records are written (SQLite and PostgreSQL),
and a batch's clients are locked once each, in one order."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncEngine

from peerline_notifications import write_locks
from peerline_notifications.audit.repository import AuditRepository
from peerline_notifications.audit.verify import verify_stored_chain
from peerline_notifications.deps import Deps
from peerline_shared.db import unit_of_work

from .conftest import triaged
from .support import receive

AT = datetime(2026, 12, 4, 6, 0, tzinfo=UTC)


async def _head_sequence(deps: Deps) -> int:
    async with deps.sessions() as session:
        head = await AuditRepository(session).get_head()
    assert head is not None
    return head.sequence


async def test_records_are_numbered_and_chained_when_written_not_when_appended(
    any_engine: AsyncEngine, make_deps  # type: ignore[no-untyped-def]
) -> None:
    deps: Deps = make_deps(any_engine)
    async with unit_of_work(deps.sessions) as session:
        audit = AuditRepository(session)
        await audit.append_system("queued", None, AT)
        await audit.append_system("offered", None, AT)
        assert await _head_sequence(deps) == 0  # another session: nothing moved yet
        await audit.write_pending()
        written = await audit.list_all()
    assert [(entry.sequence, entry.action) for entry in written] == [(1, "queued"), (2, "offered")]
    assert written[1].previous_hash == written[0].record_hash
    assert await _head_sequence(deps) == 2
    async with deps.sessions() as session:
        assert (await verify_stored_chain(session))[1] == []


async def test_a_message_that_changes_no_state_leaves_the_head_where_it_was(
    any_engine: AsyncEngine, make_deps  # type: ignore[no-untyped-def]
) -> None:
    deps: Deps = make_deps(any_engine)
    conversation = await receive(deps, triaged("перше", client="regular"))
    before = await _head_sequence(deps)
    again = await receive(deps, triaged("друге", client="regular"))
    assert again.id == conversation.id and again.client_messages == 2
    assert await _head_sequence(deps) == before


def test_a_batch_locks_each_of_its_clients_once_in_one_order() -> None:
    scope = write_locks.clients(["b", "a", "b", "c"])
    assert scope.kind == "clients"
    assert list(scope.client_keys) == sorted({write_locks.client_key(c) for c in "abc"})
    assert len(scope.client_keys) == 3
