"""Against real databases (a SQLite file, and PostgreSQL): 50 concurrent claims, one winner;
concurrent audit appends never fork the chain."""

from __future__ import annotations

import asyncio

from sqlalchemy.ext.asyncio import AsyncEngine

from peerline_notifications.audit.verify import verify_stored_chain
from peerline_notifications.conversations import commands
from peerline_notifications.conversations.handlers import command, on_view
from peerline_notifications.deps import Deps
from peerline_shared.events import AddNote, GetConversation

from .conftest import consultant, triaged
from .support import actor, audit_actions, claim, receive, reload

CLAIMS = 50


async def test_fifty_concurrent_claims_exactly_one_wins(any_engine: AsyncEngine, make_deps) -> None:  # type: ignore[no-untyped-def]
    deps: Deps = make_deps(any_engine)
    conversation = await receive(deps, triaged(client="contested", urgency="emergency"))
    people = [consultant(f"Consultant {i:02d}") for i in range(CLAIMS)]

    results = await asyncio.gather(*(claim(deps, conversation.id, person) for person in people))

    winners = [(person, r) for person, r in zip(people, results, strict=True) if r.ok]
    assert len(winners) == 1
    winner = winners[0][0]
    losers = [r for r in results if not r.ok]
    assert {r.error for r in losers} == {"already_claimed"}
    assert {r.holder_alias for r in losers} == {winner.alias}
    stored = await reload(deps, conversation.id)
    assert (stored.state, stored.consultant_id) == ("active", winner.consultant_id)
    assert (await audit_actions(deps, conversation.id)).count("claimed") == 1


async def test_one_consultant_claiming_many_at_once_stays_within_capacity(
    any_engine: AsyncEngine, make_deps
) -> None:  # type: ignore[no-untyped-def]
    deps: Deps = make_deps(any_engine)
    conversations = [await receive(deps, triaged(client=f"c{i}")) for i in range(8)]
    olena = consultant("Olena", capacity=3)
    deps.capacities.known[olena.consultant_id] = 3
    results = await asyncio.gather(*(claim(deps, c.id, olena) for c in conversations))
    assert sum(r.ok for r in results) == 3
    assert {r.error for r in results if not r.ok} == {"at_capacity"}


async def test_concurrent_audit_appends_keep_one_chain(any_engine: AsyncEngine, make_deps) -> None:  # type: ignore[no-untyped-def]
    deps: Deps = make_deps(any_engine)
    conversation = await receive(deps, triaged(client="busy"))
    people = [consultant(f"Viewer {i}") for i in range(20)]

    async def view(person):  # type: ignore[no-untyped-def]
        supervisor = actor(person).model_copy(update={"role": "supervisor"})  # sees every conversation
        await on_view(deps, GetConversation(conversation_id=conversation.id, actor=supervisor))

    async def note(person):  # type: ignore[no-untyped-def]
        request = AddNote(conversation_id=conversation.id, actor=actor(person), text="note")
        await command(deps, lambda tx: commands.add_note(tx, request))

    await asyncio.gather(*(view(p) for p in people), *(note(p) for p in people))
    async with deps.sessions() as session:
        count, problems = await verify_stored_chain(session)
    assert problems == [] and count == 2 + 40
