"""Triage's handlers on the in-memory bus (the same router the service runs on NATS), with a
real Redis: a quick check of what they publish. The flow over NATS: tests/e2e."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from peerline_devtools.localservers import RedisServer
from peerline_shared.bus import MemoryBus, publish_event
from peerline_shared.events import ClientErasureRequested, ClientMessageReceived, MessageTriaged
from peerline_shared.events import subjects as subj
from peerline_shared.i18n import Catalogue
from peerline_triage import handlers
from peerline_triage.classifier import Classifier
from peerline_triage.context import RecentUrgencies
from peerline_triage.settings import TriageSettings


@pytest.fixture
async def bus(redis_server: RedisServer, classifier: Classifier) -> AsyncIterator[MemoryBus]:
    redis = Redis.from_url(redis_server.url, decode_responses=True)
    bus = MemoryBus()
    bus.include_router(handlers.router)
    await bus.start({
        "redis": redis, "settings": TriageSettings(redis_url=redis_server.url),
        "classify": handlers.Classify(classifier), "texts": Catalogue.load("peerline_triage"),
    })
    yield bus
    await redis.aclose()


async def test_an_emergency_gets_one_first_aid_and_is_triaged(bus: MemoryBus) -> None:
    text = "мій друг не дихає, губи сині"
    message = ClientMessageReceived(client_id="v1:MEMORYA", channel="web", text=text)
    await publish_event(bus, message, subj.inbound("web"))

    [triaged] = bus.published_on(subj.TRIAGED)
    assert isinstance(triaged, MessageTriaged) and triaged.urgency == "emergency"
    first_aid = bus.published_on(subj.outbound("web"))
    assert len(first_aid) == 1, "the lookout's and the main path's copies are one event"
    assert first_aid[0].trace_id == message.trace_id


async def test_an_ordinary_message_gets_no_first_aid_and_an_erasure_forgets_the_client(
    bus: MemoryBus, redis_server: RedisServer
) -> None:
    client = "v1:MEMORYB"
    await publish_event(bus, ClientMessageReceived(client_id=client, channel="web", text="привіт"),
                        subj.inbound("web"))
    assert bus.published_on(subj.outbound("web")) == []
    redis = Redis.from_url(redis_server.url, decode_responses=True)
    try:
        assert (await RecentUrgencies(redis, 60).list_many([client]))[client], "remembered"
        await publish_event(bus, ClientErasureRequested(client_id=client, channel="web"),
                            subj.CLIENT_ERASURE_REQUESTED)
        assert await RecentUrgencies(redis, 60).list_many([client]) == {client: []}
    finally:
        await redis.aclose()
