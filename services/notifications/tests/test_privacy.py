"""Erasure and retention: content goes, the audit trail of actions stays and still verifies."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from peerline_notifications.audit.verify import verify_stored_chain
from peerline_notifications.deps import Deps
from peerline_notifications.loops import retention
from peerline_notifications.privacy.handlers import on_erasure
from peerline_notifications.storage.models import Conversation, Message
from peerline_shared.events import ClientErasureRequested

from .conftest import FakeClock, FakeDirectory, RecordingPublisher, triaged
from .support import audit_actions, claim, receive, reload


async def _messages(deps: Deps) -> list[Message]:
    async with deps.sessions() as session:
        return list((await session.execute(select(Message))).scalars())


async def test_erasure_deletes_messages_unlinks_and_keeps_the_audited_actions(
    deps: Deps, directory: FakeDirectory, publisher: RecordingPublisher
) -> None:
    event = triaged("мене звати Петро, допоможіть", client="forget-me")
    kept = await receive(deps, triaged("інший клієнт", client="stays"))
    conversation = await receive(deps, event)
    await claim(deps, conversation.id, directory.candidates[0])
    erase = ClientErasureRequested(client_id=event.client_id, channel="web")

    await on_erasure(deps, erase)
    await on_erasure(deps, erase)  # redelivered: nothing twice

    stored = await reload(deps, conversation.id)
    assert stored.client_id is None and stored.state == "closed" and stored.outcomes == ["client_erased"]
    assert [m.conversation_id for m in await _messages(deps)] == [kept.id]
    assert (await audit_actions(deps, conversation.id)) == ["queued", "offered", "claimed", "erased"]
    async with deps.sessions() as session:
        assert (await verify_stored_chain(session))[1] == []
        entries = (await session.execute(select(func.count()).select_from(Conversation))).scalar_one()
    assert entries == 2  # statistics stay as counts
    closed = publisher.of_type("conversation.closed")
    assert closed and "client_id" not in closed[0].model_dump()


async def test_retention_purges_old_text_and_prunes_old_audit_keeping_the_chain_verifiable(
    deps: Deps, clock: FakeClock
) -> None:
    old = await receive(deps, triaged("старе", client="old", received_at=clock.now))
    clock.advance(days=91)
    await receive(deps, triaged("нове", client="new", received_at=clock.now))
    await retention(deps)
    texts = {m.conversation_id: m.text for m in await _messages(deps)}
    assert texts[old.id] is None and "нове" in texts.values()

    clock.advance(days=int(deps.settings.audit_retention_days))
    await retention(deps)
    async with deps.sessions() as session:
        count, problems = await verify_stored_chain(session)
    assert problems == [] and count >= 1
    assert "retention" in await audit_actions(deps)
    assert timedelta(days=deps.settings.message_retention_days) == timedelta(days=90)
