"""The audit head is locked last and only by appenders (PostgreSQL, two replicas, each with
its own engine and in-process write lock): batches of different clients do not wait for each
other, a claim and a batch on one conversation queue without a deadlock, and the chain they
write together verifies, and still names tampering."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from datetime import timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select, text, update
from sqlalchemy.ext.asyncio import AsyncEngine

from peerline_notifications import write_locks
from peerline_notifications.audit.models import AuditEntry
from peerline_notifications.audit.verify import verify_stored_chain
from peerline_notifications.conversations import service
from peerline_notifications.conversations.handlers import on_triaged_batch
from peerline_notifications.deps import Deps
from peerline_notifications.storage.models import Conversation
from peerline_notifications.work import Outcome, Tx, run
from peerline_shared.events import MessageTriaged

from .conftest import consultant, triaged
from .support import audit_actions, claim, receive

T = TypeVar("T")
_WINDOW = timedelta(hours=24)
_ZONE = ZoneInfo("Europe/Kyiv")
DEADLOCK_GUARD_S = 60
"""Not a speed check: what would otherwise hang the run if one waited for the other."""


async def _finishes(awaitable: Awaitable[T]) -> T:
    return await asyncio.wait_for(awaitable, DEADLOCK_GUARD_S)


def _paused_batch(event: MessageTriaged, inside: asyncio.Event, resume: asyncio.Event):  # type: ignore[no-untyped-def]
    """A triaged batch's step (its locks, as `on_triaged_batch` takes them) that waits, with
    its transaction open and its record appended, until told to go on."""

    async def step(tx: Tx) -> Outcome:
        outcome = await service.receive_triaged(tx, event, reopen_window=_WINDOW, zone=_ZONE)
        inside.set()
        await resume.wait()
        return outcome

    return step


async def _head_is_free(engine: AsyncEngine) -> bool:
    async with engine.connect() as connection:
        query = text("SELECT sequence FROM notifications_audit_head FOR UPDATE SKIP LOCKED")
        return (await connection.execute(query)).first() is not None


async def _verified(deps: Deps) -> tuple[int, list[str]]:
    async with deps.sessions() as session:
        count, problems = await verify_stored_chain(session)
    return count, [str(problem) for problem in problems]


async def test_batches_of_different_clients_on_two_replicas_do_not_wait_for_each_other(
    replica_engines, make_deps  # type: ignore[no-untyped-def]
) -> None:
    first, second = make_deps(replica_engines[0]), make_deps(replica_engines[1])
    held, other = triaged("перше", client="held-open"), triaged("друге", client="meanwhile")
    inside, resume = asyncio.Event(), asyncio.Event()
    scope = write_locks.clients([held.client_id])
    open_batch = asyncio.create_task(run(first, _paused_batch(held, inside, resume), scope=scope))
    try:
        await _finishes(inside.wait())
        # The first batch has appended its record ("queued") and holds its transaction open:
        # the head is not locked, and the second replica's batch (another client) commits.
        assert await _head_is_free(replica_engines[1])
        await _finishes(on_triaged_batch(second, [other]))
    finally:
        resume.set()  # a failure must not leave its locks held for the next tests
    await _finishes(open_batch)
    await asyncio.gather(first.settle(), second.settle())

    async with first.sessions() as session:
        first_two = (await session.execute(
            select(AuditEntry.action, AuditEntry.conversation_id).order_by(AuditEntry.sequence).limit(2)
        )).all()
        meanwhile = (await session.execute(
            select(Conversation.id).where(Conversation.client_id == other.client_id)
        )).scalar_one()
    assert first_two[0] == ("queued", meanwhile)  # committed while the first was open
    assert first_two[1][0] == "queued" and first_two[1][1] != meanwhile
    count, problems = await _verified(first)
    assert problems == [] and count >= 2


async def test_a_claim_racing_a_batch_on_one_conversation_waits_and_does_not_deadlock(
    replica_engines, make_deps  # type: ignore[no-untyped-def]
) -> None:
    first, second = make_deps(replica_engines[0]), make_deps(replica_engines[1])
    conversation = await receive(first, triaged(client="contested", urgency="high"))
    olena = consultant("Olena")
    inside, resume = asyncio.Event(), asyncio.Event()
    message = triaged("де ви?", client="contested")
    newcomer = triaged("привіт", client="newcomer")  # appends "queued" in the same batch

    async def step(tx: Tx) -> Outcome:
        outcome = await service.receive_triaged(tx, message, reopen_window=_WINDOW, zone=_ZONE)
        outcome.merge(await service.receive_triaged(tx, newcomer, reopen_window=_WINDOW, zone=_ZONE))
        inside.set()
        await resume.wait()
        return outcome

    scope = write_locks.clients([message.client_id, newcomer.client_id])
    open_batch = asyncio.create_task(run(first, step, scope=scope))
    try:
        await _finishes(inside.wait())
        claiming = asyncio.create_task(claim(second, conversation.id, olena))
        await _finishes(_until_a_lock_is_awaited(replica_engines[1]))  # the claim waits at the gate
        assert not claiming.done()
    finally:
        resume.set()
    await _finishes(open_batch)
    result = await _finishes(claiming)
    await asyncio.gather(first.settle(), second.settle())

    assert result.ok
    assert (await audit_actions(first, conversation.id)).count("claimed") == 1
    assert (await _verified(first))[1] == []


async def test_claims_and_batches_on_one_conversation_from_two_replicas_at_once(
    replica_engines, make_deps  # type: ignore[no-untyped-def]
) -> None:
    first, second = make_deps(replica_engines[0]), make_deps(replica_engines[1])
    conversation = await receive(first, triaged(client="busy", urgency="high"))
    replicas = [first, second]
    people = [consultant(f"Consultant {n}") for n in range(10)]
    batches = [
        [triaged(f"{n}", client="busy"), triaged(f"{n}", client=f"new-{n}")] for n in range(10)
    ]
    results = await _finishes(asyncio.gather(
        *(claim(replicas[n % 2], conversation.id, person) for n, person in enumerate(people)),
        *(on_triaged_batch(replicas[(n + 1) % 2], batch) for n, batch in enumerate(batches)),
    ))
    await asyncio.gather(first.settle(), second.settle())

    claims = results[: len(people)]
    assert sum(result.ok for result in claims) == 1  # type: ignore[union-attr]
    actions = await audit_actions(first)
    assert actions.count("claimed") == 1 and actions.count("queued") == 1 + len(batches)
    assert (await _verified(first))[1] == []


async def test_tampering_with_the_chain_two_replicas_wrote_is_named(
    replica_engines, make_deps  # type: ignore[no-untyped-def]
) -> None:
    first, second = make_deps(replica_engines[0]), make_deps(replica_engines[1])
    await _finishes(asyncio.gather(*(
        on_triaged_batch([first, second][n % 2], [triaged(client=f"client-{n}")]) for n in range(6)
    )))
    await asyncio.gather(first.settle(), second.settle())
    count, problems = await _verified(first)
    assert problems == [] and count >= 6

    async with first.sessions() as session, session.begin():
        await session.execute(update(AuditEntry).where(AuditEntry.sequence == 2).values(action="closed"))
    assert (await _verified(first))[1][0].startswith("record 2: edited")

    async with first.sessions() as session, session.begin():
        await session.execute(delete(AuditEntry).where(AuditEntry.sequence == 2))
    assert (await _verified(first))[1][0].startswith("record 3: deleted")

    async with first.sessions() as session, session.begin():  # 3 and 4 swap places
        await session.execute(update(AuditEntry).where(AuditEntry.sequence == 3).values(sequence=-3))
        await session.execute(update(AuditEntry).where(AuditEntry.sequence == 4).values(sequence=3))
        await session.execute(update(AuditEntry).where(AuditEntry.sequence == -3).values(sequence=4))
    assert any("reordered" in problem for problem in (await _verified(first))[1])

    async with first.sessions() as session, session.begin():
        await session.execute(delete(AuditEntry).where(AuditEntry.sequence == count))
    assert (await _verified(first))[1][-1].endswith(f"records {count}–{count} at the end are missing")


async def _until_a_lock_is_awaited(engine: AsyncEngine) -> None:
    """Until some session waits for the writes gate."""
    waiting = text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                   " AND classid = :space AND objid = 0 AND objsubid = 2")
    while True:
        async with engine.connect() as connection:
            if (await connection.execute(waiting, {"space": write_locks.GATE_SPACE})).scalar_one() > 0:
                return
        await asyncio.sleep(0.05)


