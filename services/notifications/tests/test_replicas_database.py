"""Two replicas on one PostgreSQL database: each with its own engine (its own connections and
its own in-process write lock), as two processes have. Claims stay atomic, a client's first
messages handled by both open one conversation, and notices wait in the database, not in
a replica's memory."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from peerline_notifications.audit.verify import verify_stored_chain
from peerline_notifications.conversations import service
from peerline_notifications.conversations.handlers import on_triaged_batch
from peerline_notifications.deps import Deps
from peerline_notifications.loops import flush_notices
from peerline_notifications.storage.models import Conversation, Message
from peerline_notifications.work import Outcome, Tx, run

from .conftest import RecordingPublisher, consultant, triaged
from .support import audit_actions, claim, pending_notices, receive

CLAIMS = 40


async def test_forty_claims_through_two_replicas_exactly_one_wins(replica_engines, make_deps) -> None:  # type: ignore[no-untyped-def]
    first, second = make_deps(replica_engines[0]), make_deps(replica_engines[1])
    conversation = await receive(first, triaged(client="contested", urgency="emergency"))
    people = [consultant(f"Consultant {i:02d}") for i in range(CLAIMS)]
    replicas: list[Deps] = [first, second]

    results = await asyncio.gather(
        *(claim(replicas[number % 2], conversation.id, person) for number, person in enumerate(people))
    )

    assert sum(result.ok for result in results) == 1
    assert {result.error for result in results if not result.ok} == {"already_claimed"}
    assert (await audit_actions(first, conversation.id)).count("claimed") == 1


async def test_first_messages_on_two_replicas_open_one_conversation(replica_engines, make_deps) -> None:  # type: ignore[no-untyped-def]
    first, second = make_deps(replica_engines[0]), make_deps(replica_engines[1])
    clients = [f"newcomer-{n}" for n in range(10)]
    # Each client's first two messages arrive at the same moment, one on each replica.
    ones = [triaged("перше", client=client) for client in clients]
    twos = [triaged("друге", client=client) for client in clients]
    await asyncio.gather(on_triaged_batch(first, ones), on_triaged_batch(second, twos))
    await asyncio.gather(first.settle(), second.settle())

    async with first.sessions() as session:
        per_client = (await session.execute(
            select(Conversation.client_id, func.count()).group_by(Conversation.client_id)
        )).all()
        messages = (await session.execute(select(func.count()).select_from(Message))).scalar_one()
        _, problems = await verify_stored_chain(session)
    assert sorted(count for _, count in per_client) == [1] * len(clients)
    assert messages == 2 * len(clients) and problems == []
    recorded = first.publisher  # both replicas publish through the test's one recorder
    assert isinstance(recorded, RecordingPublisher) and recorded is second.publisher
    assert len(recorded.of_type("conversation.queued")) == len(clients)


async def test_notices_one_replica_left_pending_are_sent_by_the_leader(replica_engines, make_deps) -> None:  # type: ignore[no-untyped-def]
    follower, leader = make_deps(replica_engines[0]), make_deps(replica_engines[1])
    await receive(follower, triaged(client="patient", urgency="normal"))  # offered: a batched notice
    assert len(await pending_notices(follower)) == 1

    assert await flush_notices(leader) == 1
    assert await pending_notices(follower) == []
    assert await flush_notices(leader) == 0  # sent once


async def test_a_second_open_for_a_client_reuses_the_first(any_engine: AsyncEngine, make_deps) -> None:  # type: ignore[no-untyped-def]
    """What a replica whose read predates the other's commit does: its INSERT conflicts on the
    partial unique index, and it continues the conversation the other opened."""
    deps: Deps = make_deps(any_engine)
    first = await receive(deps, triaged("перше", client="racing"))
    late = triaged("друге", client="racing")

    async def stale_replica(tx: Tx) -> Outcome:
        await tx.rows.preload_latest_for_clients([])  # nothing known: as if read before
        tx.rows._latest[late.client_id] = None
        return await service.receive_triaged(tx, late, timedelta(hours=24), zone=deps.settings.report_zone())

    await run(deps, stale_replica)
    async with deps.sessions() as session:
        mine = select(Conversation.id).where(Conversation.client_id == late.client_id)
        ids = (await session.execute(mine)).scalars().all()
        said = select(Message.text).where(Message.conversation_id == first.id)
        texts = (await session.execute(said)).scalars().all()
    assert list(ids) == [first.id]
    assert sorted(texts) == ["друге", "перше"]
