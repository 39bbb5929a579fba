"""The supervisor's queue figures, counted by the database (SQLite and PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine

from peerline_notifications.conversations.queries import queue_stats
from peerline_notifications.deps import Deps
from peerline_notifications.storage.models import Conversation
from peerline_notifications.storage.repository import ConversationRepository

from .conftest import FakeClock, FakeDirectory, triaged
from .support import claim, receive


async def test_depth_oldest_breaches_and_owners_are_counted(
    make_deps, any_engine: AsyncEngine, clock: FakeClock, directory: FakeDirectory
) -> None:  # type: ignore[no-untyped-def]
    deps: Deps = make_deps(any_engine)
    olena, taras = directory.candidates
    oldest = await receive(deps, triaged("де взяти метадон?", client="a", urgency="normal"))
    clock.advance(seconds=40)
    await receive(deps, triaged("потрібні шприци", client="b", urgency="normal"))
    breached = await receive(deps, triaged("мене затримала поліція", client="c", urgency="high"))
    for client, person in (("d", olena), ("e", olena), ("f", taras)):
        owned = await receive(deps, triaged("потрібна консультація", client=client, urgency="low"))
        assert (await claim(deps, owned.id, person)).ok
    async with deps.sessions.begin() as session:
        mark = update(Conversation).where(Conversation.id == breached.id).values(sla_breached=True)
        await session.execute(mark)
    clock.advance(seconds=20)

    async with deps.sessions() as session:
        stats = await queue_stats(ConversationRepository(session), clock())

    assert stats.depth_by_urgency == {"normal": 2, "high": 1}
    assert stats.oldest_waiting_seconds == (clock() - oldest.waiting_since).total_seconds() == 60
    assert stats.sla_breaches_open == 1
    assert stats.active_by_consultant == {olena.alias: 2, taras.alias: 1}


async def test_an_empty_queue_has_no_figures(deps: Deps, clock: FakeClock) -> None:
    async with deps.sessions() as session:
        stats = await queue_stats(ConversationRepository(session), clock())
    assert (stats.depth_by_urgency, stats.oldest_waiting_seconds, stats.sla_breaches_open) == ({}, 0.0, 0)
    assert stats.active_by_consultant == {}
