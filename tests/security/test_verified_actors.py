"""Verified actors (issue 18, second finding of the first item): a process holding the
gateway's NATS identity still cannot act as a consultant or a supervisor without the key the
gateway signs actors with. Notifications refuses an unsigned, badly signed, re-targeted or
expired actor before acting (`ActorNotVerified` to the caller, `actor.refused` in its log) and
audits nothing in that person's name; a properly signed command works."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import pytest_asyncio

from peerline_devtools.localservers import NatsServer
from peerline_shared.actors import signed
from peerline_shared.bus import ActorNotVerified
from peerline_shared.events import (
    AuditPage,
    ClaimConversation,
    CommandResult,
    QueryAudit,
    ReplyToClient,
)
from peerline_shared.events.base import utc_now

from .notifications_stack import (
    ACTOR_KEY,
    Stack,
    actor_of,
    identity_server,
    person,
    running_stack,
)

OLENA = person("Olena")
BOSS = person("Iryna", role="supervisor")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NatsServer]:
    node = identity_server(tmp_path_factory.mktemp("nats"))
    yield node
    node.stop()


@pytest_asyncio.fixture
async def stack(server: NatsServer, tmp_path: Path) -> AsyncIterator[Stack]:
    async for running in running_stack(server, tmp_path, offered=[OLENA], on_shift=[OLENA, BOSS]):
        yield running


async def audited(stack: Stack) -> list[tuple[str, str]]:
    page = await stack.ask("audit", QueryAudit(actor=actor_of(BOSS)), AuditPage)
    return [(entry.actor_id, entry.action) for entry in page.entries]


@pytest.mark.parametrize("forgery", ["unsigned", "bad_signature", "other_command", "promoted"])
async def test_a_forged_actor_is_refused_and_nothing_is_done_in_their_name(
    stack: Stack, forgery: str
) -> None:
    conversation_id = await stack.new_conversation("мені страшно", client=f"forged-{forgery}")
    reply = ReplyToClient(conversation_id=conversation_id, actor=actor_of(OLENA), text="я з вами")
    if forgery == "unsigned":
        message = reply
    elif forgery == "bad_signature":
        message = signed(reply, b"a-key-the-attacker-guessed-0123456789", utc_now())
    elif forgery == "other_command":  # a proof lifted from another command of the same person
        claim = signed(ClaimConversation(conversation_id=conversation_id, actor=actor_of(OLENA)),
                       ACTOR_KEY, utc_now())
        message = reply.model_copy(update={"actor": claim.actor})
    else:  # a consultant's valid proof, with the role raised to supervisor
        valid = signed(reply, ACTOR_KEY, utc_now())
        message = valid.model_copy(update={"actor": valid.actor.model_copy(update={"role": "supervisor"})})

    with pytest.raises(ActorNotVerified) as refused:
        await stack.send("reply", message, CommandResult)
    assert refused.value.reason in {"unsigned", "bad_signature"}
    assert (str(OLENA.consultant_id), "replied") not in await audited(stack)
    assert not [e for e in stack.seen if e["type"] == "conversation.claimed"]


async def test_an_expired_actor_is_refused(stack: Stack) -> None:
    conversation_id = await stack.new_conversation("потрібна допомога", client="expired")
    claim = ClaimConversation(conversation_id=conversation_id, actor=actor_of(OLENA))
    stale = signed(claim, ACTOR_KEY, utc_now() - timedelta(minutes=5))
    with pytest.raises(ActorNotVerified, match="expired"):
        await stack.send("claim", stale, CommandResult)
    assert (str(OLENA.consultant_id), "claimed") not in await audited(stack)


async def test_a_forged_supervisor_cannot_read_the_audit_log(stack: Stack) -> None:
    with pytest.raises(ActorNotVerified, match="unsigned"):
        await stack.ask("audit", QueryAudit(actor=actor_of(BOSS)), AuditPage, key=None)


async def test_a_signed_actor_is_acted_upon_and_audited_as_that_person(stack: Stack) -> None:
    conversation_id = await stack.new_conversation("потрібна допомога", client="valid")
    olena = actor_of(OLENA)
    claim = ClaimConversation(conversation_id=conversation_id, actor=olena)
    claimed = await stack.ask("claim", claim, CommandResult)
    assert claimed.ok
    replied = await stack.ask("reply", ReplyToClient(conversation_id=conversation_id, actor=actor_of(OLENA),
                                                     text="я тут"), CommandResult)
    assert replied.ok
    mine = {action for who, action in await audited(stack) if who == str(OLENA.consultant_id)}
    assert {"claimed", "replied"} <= mine

