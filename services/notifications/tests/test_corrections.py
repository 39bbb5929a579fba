"""Corrections against a real database (SQLite and PostgreSQL): the queue re-orders, the change
is audited, the example is kept, exported, counted, and forgotten with the client."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from peerline_notifications.audit.models import AuditEntry
from peerline_notifications.audit.verify import verify_stored_chain
from peerline_notifications.conversations import queries
from peerline_notifications.corrections.handlers import on_correct, on_export
from peerline_notifications.corrections.models import TriageCorrection
from peerline_notifications.corrections.service import correction_stats
from peerline_notifications.deps import Deps
from peerline_notifications.privacy.handlers import on_erasure
from peerline_notifications.storage.repository import ConversationRepository
from peerline_shared.events import (
    Candidate,
    ClientErasureRequested,
    CommandResult,
    CorrectTriage,
    ExportTriageCorrections,
    GetTriageCorrectionStats,
    Topic,
    Urgency,
)

from .conftest import T0, FakeClock, FakeDirectory, RecordingPublisher, triaged
from .support import actor, claim, receive


async def _correct(
    deps: Deps, conversation_id: uuid.UUID, person: Candidate, urgency: Urgency, *topics: Topic
) -> CommandResult:
    command = CorrectTriage(
        conversation_id=conversation_id, actor=actor(person), urgency=urgency, topics=topics
    )
    result = await on_correct(deps, command)
    await deps.settle()
    return result


async def _queue_order(deps: Deps) -> list[uuid.UUID]:
    async with deps.sessions() as session:
        listed = await queries.list_queue(ConversationRepository(session), include_closed=False)
    return [item.conversation_id for item in listed.items]


async def _export(deps: Deps, after_id: int = 0, limit: int = 200):  # type: ignore[no-untyped-def]
    query = ExportTriageCorrections(requested_by="tester", after_id=after_id, limit=limit)
    return await on_export(deps, query)


async def test_a_correction_reorders_the_queue_is_audited_and_exported(
    make_deps,
    any_engine: AsyncEngine,
    directory: FakeDirectory,
    publisher: RecordingPublisher,
    clock: FakeClock,
) -> None:
    deps: Deps = make_deps(any_engine)
    olena = directory.candidates[0]
    first = await receive(deps, triaged("де взяти метадон у Варшаві", client="a", topics=("ost",)))
    clock.advance(minutes=1)
    missed = await receive(deps, triaged("брат не прокидається, хропе дивно", client="b", urgency="normal"))
    assert await _queue_order(deps) == [first.id, missed.id]

    result = await _correct(deps, missed.id, olena, "emergency", "overdose")

    assert result.ok, result
    assert await _queue_order(deps) == [missed.id, first.id]  # urgency drives the order
    updated = [e for e in publisher.of_type("conversation.updated") if e.reason == "triage_corrected"]  # type: ignore[attr-defined]
    assert updated and updated[0].urgency == "emergency" and updated[0].topics == ("overdose",)  # type: ignore[attr-defined]
    alerts = [e for e in publisher.of_type("consultant.notified") if e.conversation_id == missed.id]  # type: ignore[attr-defined]
    assert alerts and alerts[-1].kind == "emergency"  # type: ignore[attr-defined]  # everyone on shift is told
    async with deps.sessions() as session:
        entry = (
            await session.execute(select(AuditEntry).where(AuditEntry.action == "triage_corrected"))
        ).scalar_one()
        assert (entry.actor_id, entry.actor_alias, entry.conversation_id) == (
            str(olena.consultant_id),
            "Olena",
            missed.id,
        )
        assert (entry.before["urgency"], entry.before["topics"]) == ("normal", ["other"])
        assert (entry.after["urgency"], entry.after["topics"]) == ("emergency", ["overdose"])
        assert entry.at == clock.now
        assert (await verify_stored_chain(session))[1] == []

    page = await _export(deps)
    assert [line.model_dump(mode="json") for line in page.items] == [
        {
            "id": page.items[0].id,
            "text": "брат не прокидається, хропе дивно",
            "lang": "uk",
            "urgency": "emergency",
            "topics": ["overdose"],
        }
    ]
    assert page.items[0].id.startswith("corr-") and page.next_after_id is None
    async with deps.sessions() as session:
        exports = select(AuditEntry).where(AuditEntry.action == "exported")
        exported = (await session.execute(exports)).scalar_one()
        assert exported.actor_alias == "tester" and exported.after["count"] == 1


async def test_only_the_latest_correction_of_a_conversation_is_exported_in_pages(
    make_deps, any_engine: AsyncEngine, directory: FakeDirectory
) -> None:
    deps: Deps = make_deps(any_engine)
    olena = directory.candidates[0]
    conversations = [await receive(deps, triaged(f"питання {n}", client=f"c{n}")) for n in range(3)]
    await _correct(deps, conversations[0].id, olena, "high", "legal")
    await _correct(deps, conversations[1].id, olena, "low", "other", "legal")
    await _correct(deps, conversations[0].id, olena, "emergency", "legal")  # supersedes the first
    await _correct(deps, conversations[2].id, olena, "high", "hiv")

    first = await _export(deps, limit=2)
    assert first.next_after_id is not None
    second = await _export(deps, after_id=first.next_after_id, limit=2)
    lines = [*first.items, *second.items]
    assert [(line.text, line.urgency, line.topics) for line in lines] == [
        ("питання 1", "low", ("other", "legal")),
        ("питання 0", "emergency", ("legal",)),
        ("питання 2", "high", ("hiv",)),
    ]
    assert len({line.id for line in lines}) == 3 and second.next_after_id is None


async def test_who_may_correct_and_what_is_refused(
    make_deps, any_engine: AsyncEngine, directory: FakeDirectory
) -> None:
    deps: Deps = make_deps(any_engine)
    olena, taras = directory.candidates
    boss = directory.supervisors[0]
    conversation = await receive(deps, triaged("потрібна допомога", client="x"))
    assert (await claim(deps, conversation.id, olena)).ok

    refused = await _correct(deps, conversation.id, taras, "high", "legal")
    assert (refused.ok, refused.error, refused.holder_alias) == (False, "not_yours", "Olena")
    same = await _correct(deps, conversation.id, olena, "normal", "other")
    assert same.ok and same.detail == "triage already says this"
    assert (await _correct(deps, conversation.id, boss, "high", "legal")).ok
    missing = await _correct(deps, uuid.uuid4(), boss, "high", "legal")
    assert (missing.ok, missing.error) == (False, "not_found")
    async with deps.sessions() as session:
        stored = (await session.execute(select(TriageCorrection))).scalars().all()
    kept = [(c.consultant_alias, c.triaged_urgency, c.urgency) for c in stored]
    assert kept == [("Iryna", "normal", "high")]


async def test_supervisors_see_how_often_triage_was_corrected_by_level(
    make_deps, any_engine: AsyncEngine, directory: FakeDirectory
) -> None:
    deps: Deps = make_deps(any_engine)
    olena = directory.candidates[0]
    boss = directory.supervisors[0]
    low = await receive(deps, triaged("хропе і не прокидається", client="p", urgency="normal"))
    false_alarm = await receive(deps, triaged("що робити при передозі?", client="q", urgency="emergency"))
    await receive(deps, triaged("дякую", client="r", urgency="low"))
    await _correct(deps, low.id, olena, "emergency", "overdose")
    await _correct(deps, false_alarm.id, olena, "normal", "overdose")

    day = timedelta(days=1)
    query = GetTriageCorrectionStats(actor=actor(boss), since=T0 - day, until=T0 + day)
    async with deps.readers() as session:
        stats = await correction_stats(session, query)
        forbidden = await correction_stats(session, query.model_copy(update={"actor": actor(olena)}))
        empty = await correction_stats(
            session, query.model_copy(update={"since": T0 + day, "until": T0 + 2 * day})
        )
    assert stats.conversations_opened == 3 and stats.conversations_corrected == 2
    assert stats.opened_by_urgency == {"normal": 1, "emergency": 1, "low": 1}
    assert stats.corrected_by_urgency == {"normal": 1, "emergency": 1}
    assert {(c.triaged, c.corrected, c.count) for c in stats.changes} == {
        ("normal", "emergency", 1),
        ("emergency", "normal", 1),
    }
    assert forbidden.error == "forbidden" and forbidden.changes == ()
    assert empty.conversations_opened == 0 and empty.changes == ()


async def test_erasure_forgets_the_kept_text_and_keeps_the_count(
    make_deps, any_engine: AsyncEngine, directory: FakeDirectory
) -> None:
    deps: Deps = make_deps(any_engine)
    event = triaged("мене звати Петро, брат не дихає", client="forget-me")
    conversation = await receive(deps, event)
    await _correct(deps, conversation.id, directory.candidates[0], "emergency", "overdose")

    await on_erasure(deps, ClientErasureRequested(client_id=event.client_id, channel="web"))

    page = await _export(deps)
    assert page.items == () and page.skipped_without_text == 1
    async with deps.sessions() as session:
        stored = (await session.execute(select(TriageCorrection))).scalar_one()
    assert stored.texts is None and stored.urgency == "emergency"


async def test_after_a_correction_only_a_new_messages_own_urgency_raises_it(
    make_deps, any_engine: AsyncEngine, directory: FakeDirectory
) -> None:
    deps: Deps = make_deps(any_engine)
    olena = directory.candidates[0]
    event = triaged("що робити при передозі?", client="z", urgency="emergency", topics=("overdose",))
    conversation = await receive(deps, event)
    await _correct(deps, conversation.id, olena, "normal", "overdose")

    # Triage still remembers the "emergency" it gave the first message: the conversation-level
    # urgency of the follow-up echoes it, the message's own does not.
    echo = triaged("а налоксон де купити?", client="z", urgency="high", topics=("overdose",))
    after_echo = await receive(deps, echo.model_copy(update={"message_urgency": "normal"}))
    assert after_echo.urgency == "normal"
    real = await receive(deps, triaged("він посинів і не дихає", client="z", urgency="emergency"))
    assert real.id == conversation.id and real.urgency == "emergency"
