"""The web chat's per-client history against a real redis-server."""

from __future__ import annotations

import asyncio
import secrets

import pytest
from redis.asyncio import Redis
from redis.asyncio.client import PubSub

from peerline_gateway.chat.inbox import PUSH_CHANNEL, ChatInbox
from peerline_shared.localservers import RedisServer

pytestmark = [pytest.mark.integration]


async def test_an_appended_frame_is_kept_expires_and_is_pushed(redis_server: RedisServer) -> None:
    redis = Redis.from_url(redis_server.url, decode_responses=True)
    inbox, client = ChatInbox(redis, ttl_seconds=3600), f"web-{secrets.token_hex(4)}"
    pushes = redis.pubsub()
    await pushes.subscribe(PUSH_CHANNEL)
    try:
        first = await inbox.append(client, {"type": "message", "text": "Привіт"})
        second = await inbox.append(client, {"type": "message", "text": "ще раз"})
        assert [frame["text"] for frame in await inbox.since(client, None)] == ["Привіт", "ще раз"]
        assert [frame["seq"] for frame in await inbox.since(client, first)] == [second]
        assert 3500 < await redis.ttl(f"chat:inbox:{client}") <= 3600
        assert await _pushed(pushes, 2) == [client, client]
    finally:
        await pushes.aclose()
        await redis.aclose()


async def _pushed(pushes: PubSub, count: int) -> list[str]:
    received: list[str] = []
    async with asyncio.timeout(5):
        while len(received) < count:
            message = await pushes.get_message(ignore_subscribe_messages=True, timeout=1.0)
            if message is not None:
                received.append(message["data"])
    return received
