"""A reply the channel could not deliver: marked on the message, audited, announced once."""

from __future__ import annotations

import uuid

from peerline_notifications.conversations import commands
from peerline_notifications.conversations.handlers import command, on_view
from peerline_notifications.delivery.handlers import on_undeliverable
from peerline_notifications.deps import Deps
from peerline_shared.events import GetConversation, MessageUndeliverable, ReplyToClient

from .conftest import FakeDirectory, RecordingPublisher, triaged
from .support import actor, audit_actions, claim, receive


async def test_an_undeliverable_reply_is_marked_audited_and_announced_once(
    deps: Deps, directory: FakeDirectory, publisher: RecordingPublisher
) -> None:
    olena = directory.candidates[0]
    event = triaged(client="blocked")
    conversation = await receive(deps, event)
    await claim(deps, conversation.id, olena)
    reply = ReplyToClient(conversation_id=conversation.id, actor=actor(olena), text="Добрий день")
    assert (await command(deps, lambda tx: commands.reply(tx, reply))).ok
    outbound = publisher.of_type("outbound.message.requested")[-1]
    failed = MessageUndeliverable(outbound_event_id=outbound.event_id, client_id=event.client_id,
                                  channel="telegram", conversation_id=conversation.id, reason="bot_blocked")

    await on_undeliverable(failed, deps)
    await on_undeliverable(failed, deps)  # redelivered: nothing twice

    shown = await on_view(deps, GetConversation(conversation_id=conversation.id, actor=actor(olena)))
    marks = [(m.text, m.not_delivered) for m in shown.messages if m.author == "consultant"]
    assert marks == [("Добрий день", "bot_blocked")]
    assert (await audit_actions(deps, conversation.id)).count("not_delivered") == 1
    [updated] = [e for e in publisher.of_type("conversation.updated")
                 if getattr(e, "reason", None) == "not_delivered"]
    assert updated.conversation_id == conversation.id  # type: ignore[attr-defined]
    notices = publisher.of_type("consultant.notified")
    [notice] = [e for e in notices if getattr(e, "kind", "") == "undeliverable"]
    assert notice.consultant_ids == (olena.consultant_id,)  # type: ignore[attr-defined]
    assert "Добрий" not in notice.model_dump_json()


async def test_an_undeliverable_message_of_no_known_conversation_changes_nothing(
    deps: Deps, publisher: RecordingPublisher
) -> None:
    failed = MessageUndeliverable(outbound_event_id=uuid.uuid4(), client_id=triaged(client="gone").client_id,
                                  channel="telegram",
                                  conversation_id=uuid.uuid4(), reason="client_unknown")
    await on_undeliverable(failed, deps)
    assert not publisher.published
