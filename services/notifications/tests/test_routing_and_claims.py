"""Routing on a triaged message, claims, and the console commands against a real SQLite file."""

from __future__ import annotations

import uuid

from peerline_notifications.audit.verify import verify_stored_chain
from peerline_notifications.conversations import commands
from peerline_notifications.conversations.handlers import command, on_transfer, on_triaged, on_view
from peerline_notifications.deps import Deps
from peerline_shared.events import (
    AddNote,
    CloseConversation,
    ConsultantNotified,
    GetConversation,
    ReplyToClient,
    TransferConversation,
)

from .conftest import FakeClock, FakeDirectory, RecordingPublisher, consultant, triaged
from .support import actor, audit_actions, claim, pending_notices, receive, reload


async def test_a_normal_conversation_is_offered_to_the_best_candidate(
    deps: Deps, directory: FakeDirectory, publisher: RecordingPublisher
) -> None:
    conversation = await receive(deps, triaged(urgency="normal"))
    olena = directory.candidates[0]
    assert conversation.state == "offered" and conversation.offered_to == [str(olena.consultant_id)]
    assert [e.type for e, _ in publisher.published] == ["conversation.queued", "conversation.offered"]
    pending = await pending_notices(deps)
    assert pending[0].consultant_ids == (olena.consultant_id,)  # batched, not immediate
    assert await audit_actions(deps, conversation.id) == ["queued", "offered"]
    assert directory.asked[0].lang == "uk" and directory.asked[0].urgency == "normal"


async def test_emergency_alerts_everyone_one_claims_the_other_sees_it_taken(
    deps: Deps, directory: FakeDirectory, publisher: RecordingPublisher
) -> None:
    olena, taras = directory.candidates
    boss = directory.supervisors[0]
    conversation = await receive(deps, triaged("він не дихає", urgency="emergency"))

    alert = publisher.of_type("consultant.notified")[0]
    assert isinstance(alert, ConsultantNotified) and alert.kind == "emergency"
    assert set(alert.consultant_ids) == {olena.consultant_id, taras.consultant_id, boss.consultant_id}
    assert "дихає" not in alert.model_dump_json() and "client_id" not in alert.model_dump()

    assert (await claim(deps, conversation.id, olena)).ok
    lost = await claim(deps, conversation.id, taras)
    assert (lost.ok, lost.error, lost.holder_alias) == (False, "already_claimed", "Olena")
    taken = [e for e in publisher.of_type("consultant.notified") if e.kind == "taken"]  # type: ignore[attr-defined]
    assert set(taken[0].consultant_ids) == {taras.consultant_id, boss.consultant_id}  # type: ignore[attr-defined]
    assert publisher.of_type("conversation.claimed")[0].consultant_alias == "Olena"  # type: ignore[attr-defined]


async def test_capacity_from_the_directory_is_respected(deps: Deps, directory: FakeDirectory) -> None:
    olena = directory.candidates[0].model_copy(update={"capacity": 1})
    directory.candidates[0] = olena
    first = await receive(deps, triaged(client="a"))
    second = await receive(deps, triaged(client="b"))
    assert (await claim(deps, first.id, olena)).ok
    full = await claim(deps, second.id, olena)
    assert (full.ok, full.error) == (False, "at_capacity")


async def test_reply_note_transfer_close_and_reopen_each_audited(
    deps: Deps, directory: FakeDirectory, publisher: RecordingPublisher, clock: FakeClock
) -> None:
    olena, taras = directory.candidates
    event = triaged(client="c", received_at=clock.now)
    conversation = await receive(deps, event)
    await claim(deps, conversation.id, olena)
    replied = await command(
        deps,
        lambda tx: commands.reply(
            tx, ReplyToClient(conversation_id=conversation.id, actor=actor(olena), text="Добрий день")
        ),
    )
    assert replied.ok and (await reload(deps, conversation.id)).state == "waiting"
    outbound = publisher.of_type("outbound.message.requested")[-1]
    assert outbound.kind == "consultant_reply" and outbound.sender_alias == "Olena"  # type: ignore[attr-defined]

    refused = await command(
        deps,
        lambda tx: commands.reply(
            tx, ReplyToClient(conversation_id=conversation.id, actor=actor(taras), text="я теж")
        ),
    )
    assert (refused.error, refused.holder_alias) == ("not_yours", "Olena")
    noted = await command(
        deps,
        lambda tx: commands.add_note(
            tx,
            AddNote(conversation_id=conversation.id, actor=actor(olena), text="referred to the AIDS centre"),
        ),
    )
    assert noted.ok

    moved = await on_transfer(
        deps,
        TransferConversation(
            conversation_id=conversation.id, actor=actor(olena), to_consultant_id=taras.consultant_id
        ),
    )
    assert moved.ok and (await reload(deps, conversation.id)).consultant_alias == "Taras"
    closed = await command(
        deps,
        lambda tx: commands.close(
            tx, CloseConversation(conversation_id=conversation.id, actor=actor(taras), outcomes=("referred",))
        ),
    )
    assert closed.ok and (await reload(deps, conversation.id)).state == "closed"

    clock.advance(hours=1)
    again = await receive(deps, triaged("ще питання", client="c", received_at=clock.now))
    assert again.id == conversation.id and again.state == "offered"
    assert await audit_actions(deps, conversation.id) == [
        "queued",
        "offered",
        "claimed",
        "replied",
        "noted",
        "transferred",
        "closed",
        "reopened",
        "offered",
    ]
    shown = await on_view(deps, GetConversation(conversation_id=conversation.id, actor=actor(taras)))
    assert [m.author for m in shown.messages] == ["client", "consultant", "note", "client"]
    async with deps.sessions() as session:
        assert (await verify_stored_chain(session))[1] == []


async def test_transfer_back_to_the_queue_is_routed_again(deps: Deps, directory: FakeDirectory) -> None:
    olena = directory.candidates[0]
    conversation = await receive(deps, triaged(client="d"))
    await claim(deps, conversation.id, olena)
    back = await on_transfer(deps, TransferConversation(conversation_id=conversation.id, actor=actor(olena)))
    assert back.ok and (await reload(deps, conversation.id)).state == "offered"


async def test_a_redelivered_triaged_event_changes_nothing(deps: Deps, publisher: RecordingPublisher) -> None:
    event = triaged(client="e")
    await on_triaged(deps, event)
    count = len(publisher.published)
    await on_triaged(deps, event)
    assert len(publisher.published) == count
    conversation = await receive(deps, triaged("second", client="e"))
    viewer = actor(consultant("Viewer")).model_copy(update={"role": "supervisor"})
    shown = await on_view(deps, GetConversation(conversation_id=conversation.id, actor=viewer))
    assert len(shown.messages) == 2
    assert (await audit_actions(deps, conversation.id))[-1] == "viewed"


async def test_unknown_conversation_is_a_clear_error(deps: Deps, directory: FakeDirectory) -> None:
    result = await claim(deps, uuid.uuid4(), directory.candidates[0])
    assert (result.ok, result.error) == (False, "not_found")
