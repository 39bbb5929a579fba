"""Need-to-know reading (issue 18, third finding): a consultant who was never offered a
conversation gets neither its queue preview nor its transcript; with a break-glass reason they
can read it, and the read is audited as `break_glass` with the reason for supervisors. A
supervisor sees everything. Enforced by notifications, over real NATS, whatever the console."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from peerline_devtools.localservers import NatsServer
from peerline_shared.actors import signed
from peerline_shared.bus import ActorNotVerified
from peerline_shared.events import (
    AddNote,
    AuditPage,
    CommandResult,
    ConversationShown,
    GetConversation,
    ListQueue,
    QueryAudit,
    QueueListed,
)
from peerline_shared.events.base import utc_now

from .notifications_stack import ACTOR_KEY, Stack, actor_of, identity_server, person, running_stack

SECRET = "мене б'є чоловік, я в Києві"
OLENA = person("Olena", languages=("uk",))  # routing offers Ukrainian conversations to her
PETRO = person("Petro", languages=("uk",))  # on shift, speaks Ukrainian, was not offered it
JOHN = person("John", languages=("en",))  # on shift, never offered, another language
BOSS = person("Iryna", role="supervisor", languages=("en",))
REASON = "the client named me in a complaint; checking what was said"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NatsServer]:
    node = identity_server(tmp_path_factory.mktemp("nats"))
    yield node
    node.stop()


@pytest_asyncio.fixture
async def stack(server: NatsServer, tmp_path: Path) -> AsyncIterator[Stack]:
    on_shift = [OLENA, PETRO, JOHN, BOSS]
    async for running in running_stack(server, tmp_path, offered=[OLENA], on_shift=on_shift):
        yield running


async def preview_for(stack: Stack, reader, conversation_id) -> tuple[bool, str]:  # type: ignore[no-untyped-def]
    listed = await stack.ask("queue", ListQueue(actor=actor_of(reader)), QueueListed)
    [item] = [item for item in listed.items if item.conversation_id == conversation_id]
    return item.restricted, item.preview


async def read(stack: Stack, reader, conversation_id, reason=None) -> ConversationShown:  # type: ignore[no-untyped-def]
    query = GetConversation(conversation_id=conversation_id, actor=actor_of(reader),
                            break_glass_reason=reason)
    return await stack.ask("conversation", query, ConversationShown)


async def test_a_consultant_never_offered_it_sees_neither_preview_nor_transcript(stack: Stack) -> None:
    conversation_id = await stack.new_conversation(SECRET, client="c1")

    assert await preview_for(stack, JOHN, conversation_id) == (True, "")
    refused = await read(stack, JOHN, conversation_id)
    assert (refused.refused, refused.messages, refused.item) == ("need_to_know", (), None)

    # Waiting in a queue Petro may take (his language): the preview, but not the transcript.
    assert await preview_for(stack, PETRO, conversation_id) == (False, SECRET)
    assert (await read(stack, PETRO, conversation_id)).refused == "need_to_know"

    # Offered to Olena: she sees both, to decide whether to take it.
    assert await preview_for(stack, OLENA, conversation_id) == (False, SECRET)
    assert [m.text for m in (await read(stack, OLENA, conversation_id)).messages] == [SECRET]


async def test_a_note_is_no_way_in(stack: Stack) -> None:
    conversation_id = await stack.new_conversation(SECRET, client="c5")
    note = AddNote(conversation_id=conversation_id, actor=actor_of(JOHN), text="seen")
    noted = await stack.ask("note", note, CommandResult)
    assert noted.ok  # anyone may note a waiting conversation...
    assert (await read(stack, JOHN, conversation_id)).refused == "need_to_know"  # ...but not read it
    assert await preview_for(stack, JOHN, conversation_id) == (True, "")


async def test_break_glass_opens_it_with_a_reason_and_is_audited_for_supervisors(stack: Stack) -> None:
    conversation_id = await stack.new_conversation(SECRET, client="c2")

    too_short = await read(stack, JOHN, conversation_id, reason="need it")
    assert (too_short.refused, too_short.messages) == ("reason_too_short", ())

    opened = await read(stack, JOHN, conversation_id, reason=REASON)
    assert opened.refused is None and [m.text for m in opened.messages] == [SECRET]

    page = await stack.ask("audit", QueryAudit(actor=actor_of(BOSS), action="break_glass"), AuditPage)
    [entry] = page.entries
    assert (entry.actor_id, entry.conversation_id, entry.after) == (
        str(JOHN.consultant_id), conversation_id, {"reason": REASON}
    )
    assert page.chain_ok
    about_it = QueryAudit(actor=actor_of(BOSS), conversation_id=conversation_id)
    viewed = await stack.ask("audit", about_it, AuditPage)
    assert (str(JOHN.consultant_id), "viewed") not in {(e.actor_id, e.action) for e in viewed.entries}


async def test_a_supervisor_sees_every_preview_and_transcript(stack: Stack) -> None:
    conversation_id = await stack.new_conversation(SECRET, client="c3")
    assert await preview_for(stack, BOSS, conversation_id) == (False, SECRET)
    shown = await read(stack, BOSS, conversation_id)
    assert shown.refused is None and [m.text for m in shown.messages] == [SECRET]


async def test_a_forged_supervisor_role_does_not_open_the_transcript(stack: Stack) -> None:
    conversation_id = await stack.new_conversation(SECRET, client="c4")
    query = signed(GetConversation(conversation_id=conversation_id, actor=actor_of(JOHN)), ACTOR_KEY,
                   utc_now())
    raised = query.model_copy(update={"actor": query.actor.model_copy(update={"role": "supervisor"})})
    with pytest.raises(ActorNotVerified):
        await stack.send("conversation", raised, ConversationShown)
