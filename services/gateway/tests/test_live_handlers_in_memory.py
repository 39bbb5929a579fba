"""The gateway's bus handlers (live/handlers.py) on the in-memory bus with a real Redis: a
reply reaches the client's inbox with the "joined" line, console events reach the consoles
as console frames without the client's id. Over NATS: tests/e2e."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import AsyncIterator

import orjson
import pytest
from redis.asyncio import Redis

from peerline_devtools.localservers import RedisServer
from peerline_gateway.chat.inbox import ChatInbox
from peerline_gateway.console.hub import ConsoleHub
from peerline_gateway.live import handlers
from peerline_gateway.settings import GatewaySettings
from peerline_shared.bus import MemoryBus, publish_event
from peerline_shared.events import ConversationClosed, OutboundMessageRequested
from peerline_shared.events import subjects as subj

pytestmark = [pytest.mark.integration]


class RecordingSocket:
    def __init__(self) -> None:
        self.sent: list[dict[str, object]] = []

    async def send_text(self, text: str) -> None:
        self.sent.append(orjson.loads(text))


@pytest.fixture
async def redis(redis_server: RedisServer) -> AsyncIterator[Redis]:
    redis = Redis.from_url(redis_server.url, decode_responses=True)
    yield redis
    await redis.aclose()


@pytest.fixture
async def bus(redis: Redis, redis_server: RedisServer) -> MemoryBus:
    bus = MemoryBus()
    bus.include_router(handlers.router)
    consoles = ConsoleHub()
    settings = GatewaySettings(redis_url=redis_server.url)
    await bus.start({"redis": redis, "settings": settings, "consoles": consoles})
    bus.consoles = consoles  # type: ignore[attr-defined]
    return bus


async def test_a_reply_reaches_the_inbox_after_the_joined_line_once(bus: MemoryBus, redis: Redis) -> None:
    client = f"v1:{secrets.token_hex(4).upper().translate(str.maketrans('0189', 'ABCD'))}"
    conversation_id = uuid.uuid4()
    for text in ("Я тут", "Розкажіть більше"):
        reply = OutboundMessageRequested(client_id=client, channel="web", conversation_id=conversation_id,
                                         text=text, sender_alias="Olena")
        await publish_event(bus, reply, subj.outbound("web"))
    frames = await ChatInbox(redis, 3600).since(client, None)
    assert [(frame.type, getattr(frame, "text", None)) for frame in frames] == [
        ("status", None), ("message", "Я тут"), ("message", "Розкажіть більше")]


async def test_console_events_are_broadcast_without_the_client(bus: MemoryBus) -> None:
    socket = RecordingSocket()
    bus.consoles.sockets.add(socket)  # type: ignore[attr-defined]
    closed = ConversationClosed(conversation_id=uuid.uuid4(), state="closed", urgency="normal", lang="uk",
                                channel="web")
    await publish_event(bus, closed, subj.conversation("closed"))
    # An event that named its client (none does today) must still not show it to a console.
    await bus.deliver(subj.conversation("closed"), orjson.dumps({**closed.model_dump(mode="json"),
                                                                 "client_id": "v1:ABC"}))
    assert [(frame["type"], frame["change"]) for frame in socket.sent] == [("conversation", "closed")] * 2
    assert all("client_id" not in frame for frame in socket.sent)
