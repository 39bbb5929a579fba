"""The service's routers on the in-memory bus with the test fakes (a real SQLite file): the
consumer and the RPCs the consoles use, without a nats-server. The same over NATS:
test_service_over_nats.py."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select
from structlog.testing import capture_logs

from peerline_notifications.deps import Deps
from peerline_notifications.main import BUS_ROUTERS
from peerline_notifications.storage.models import Conversation
from peerline_shared.bus import ActorNotVerified, BadRequest, MemoryBus, publish_event, request
from peerline_shared.events import (
    ClaimConversation,
    ClientErasureRequested,
    ClientPlace,
    CommandResult,
    ListQueue,
    QueueListed,
)
from peerline_shared.events import subjects as subj
from peerline_testing.actors import DEV_ACTOR_KEY, as_gateway

from .conftest import RecordingPublisher, triaged
from .support import actor


@pytest.fixture
async def bus(deps: Deps) -> AsyncIterator[MemoryBus]:
    bus = MemoryBus()
    bus.include_routers(*BUS_ROUTERS)
    await bus.start({"deps": deps, "settings": deps.settings, "actor_key": DEV_ACTOR_KEY})
    yield bus
    await deps.settle()


async def test_a_triaged_message_is_queued_offered_and_claimed_over_the_routers(
    bus: MemoryBus, deps: Deps, publisher: RecordingPublisher
) -> None:
    await publish_event(bus, triaged("мені страшно"), subj.TRIAGED)
    await deps.settle()
    olena = deps.directory.candidates[0]  # type: ignore[attr-defined]
    query = as_gateway(ListQueue(actor=actor(olena)))
    listed = await request(bus, subj.rpc_notifications("queue"), query, QueueListed)
    [item] = listed.items
    assert item.state == "offered" and publisher.of_type("conversation.queued")

    claim = ClaimConversation(conversation_id=item.conversation_id, actor=actor(olena))
    claimed = await request(bus, subj.rpc_notifications("claim"), as_gateway(claim), CommandResult)
    assert claimed.ok
    taras = deps.directory.candidates[1]  # type: ignore[attr-defined]
    late = claim.model_copy(update={"actor": actor(taras)})
    refused = await request(bus, subj.rpc_notifications("claim"), as_gateway(late), CommandResult)
    assert (refused.ok, refused.error, refused.holder_alias) == (False, "already_claimed", olena.alias)


async def test_a_request_of_the_wrong_kind_is_a_bad_request_not_a_reply(bus: MemoryBus, deps: Deps) -> None:
    olena = deps.directory.candidates[0]  # type: ignore[attr-defined]
    with pytest.raises(BadRequest, match="ClaimConversation"):
        await request(bus, subj.rpc_notifications("claim"), ListQueue(actor=actor(olena)), CommandResult)


async def test_an_unsigned_actor_is_refused_before_the_handler_runs(bus: MemoryBus, deps: Deps) -> None:
    await publish_event(bus, triaged("мені страшно"), subj.TRIAGED)
    await deps.settle()
    olena = deps.directory.candidates[0]  # type: ignore[attr-defined]
    [item] = (
        await request(
            bus, subj.rpc_notifications("queue"), as_gateway(ListQueue(actor=actor(olena))), QueueListed
        )
    ).items
    forged = ClaimConversation(conversation_id=item.conversation_id, actor=actor(olena))
    with capture_logs() as logged, pytest.raises(ActorNotVerified, match="unsigned"):
        await request(bus, subj.rpc_notifications("claim"), forged, CommandResult)
    [refusal] = [entry for entry in logged if entry["event"] == "actor.refused"]
    assert (refusal["reason"], refusal["consultant_id"]) == ("unsigned", str(olena.consultant_id))
    async with deps.sessions() as session:
        stored = await session.get(Conversation, item.conversation_id)
    assert stored is not None and stored.consultant_id is None


async def test_an_erasure_reaches_the_privacy_router(bus: MemoryBus, deps: Deps) -> None:
    message = triaged("мене звати Оксана")
    await publish_event(bus, message, subj.TRIAGED)
    await deps.settle()
    await publish_event(
        bus, ClientErasureRequested(client_id=message.client_id, channel="web"), subj.CLIENT_ERASURE_REQUESTED
    )
    stored = await receive_nothing_more(deps, message.client_id)
    assert stored == [] and bus.parked == [], "erased, and every event handled"


async def receive_nothing_more(deps: Deps, client_id: str) -> list[object]:
    """The conversations still linked to the client."""
    async with deps.sessions() as session:
        linked = select(Conversation).where(Conversation.client_id == client_id)
        return list((await session.execute(linked)).scalars())


async def test_the_place_a_client_gave_is_kept_on_the_conversation_and_the_latest_wins(
    bus: MemoryBus, deps: Deps
) -> None:
    first = triaged("мені потрібна терапія").model_copy(
        update={"place": ClientPlace(country="UA", region="UA-46")}
    )
    await publish_event(bus, first, subj.TRIAGED)
    await deps.settle()
    moved = triaged("я вже в Польщі").model_copy(update={"place": ClientPlace(country="PL")})
    await publish_event(bus, moved, subj.TRIAGED)
    await deps.settle()
    async with deps.sessions() as session:
        [conversation] = (await session.scalars(select(Conversation))).all()
    assert (conversation.client_country, conversation.client_region) == ("PL", None)
