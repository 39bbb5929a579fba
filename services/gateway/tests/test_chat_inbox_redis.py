"""The web chat's per-client history against a real redis-server."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from redis.asyncio import Redis
from redis.asyncio.client import PubSub
from redis.exceptions import ResponseError

from peerline_devtools.localservers import RedisServer
from peerline_gateway.chat.aof import AppendOnlyFileRewriter, rewrite_append_only_file, rewrite_finished
from peerline_gateway.chat.frames import ChatMessage, ChatStatus
from peerline_gateway.chat.inbox import PUSH_CHANNEL, ChatInbox

pytestmark = [pytest.mark.integration]


async def test_an_appended_frame_is_kept_expires_and_is_pushed(redis_server: RedisServer) -> None:
    redis = Redis.from_url(redis_server.url, decode_responses=True)
    inbox, client = ChatInbox(redis, ttl_seconds=3600), f"web-{secrets.token_hex(4)}"
    pushes = redis.pubsub()
    await pushes.subscribe(PUSH_CHANNEL)
    try:
        first = await inbox.append(client, _message("Привіт"))
        second = await inbox.append(client, ChatStatus(state="joined", alias="Olena"))
        kept = await inbox.since(client, None)
        assert [(type(frame), frame.seq) for frame in kept] == [(ChatMessage, first), (ChatStatus, second)]
        assert isinstance(kept[0], ChatMessage) and kept[0].text == "Привіт"
        assert [frame.seq for frame in await inbox.since(client, first)] == [second]
        assert 3500 < await redis.ttl(f"chat:inbox:{client}") <= 3600
        assert await _pushed(pushes, 2) == [client, client]
    finally:
        await pushes.aclose()
        await redis.aclose()


def _message(text: str) -> ChatMessage:
    return ChatMessage(id=secrets.token_hex(4), sender="consultant", kind="consultant_reply", alias="Olena",
                       text=text, at=datetime.now(UTC))


async def _pushed(pushes: PubSub, count: int) -> list[str]:
    received: list[str] = []
    async with asyncio.timeout(5):
        while len(received) < count:
            message = await pushes.get_message(ignore_subscribe_messages=True, timeout=1.0)
            if message is not None:
                received.append(message["data"])
    return received


async def test_an_erased_inbox_leaves_the_append_only_file(redis_server: RedisServer) -> None:
    redis = Redis.from_url(redis_server.url, decode_responses=True)
    inbox, client = ChatInbox(redis, ttl_seconds=3600), f"web-{secrets.token_hex(4)}"
    phrase = f"зелений ліхтар {secrets.token_hex(4)}".encode()
    rewriter = AppendOnlyFileRewriter(retry_s=0.1)
    rewrites = asyncio.create_task(rewriter.run(redis))
    try:
        await inbox.append(client, _message(phrase.decode()))
        await _until(lambda: phrase in _files_of(redis_server.data_dir))  # fsynced every second
        await inbox.erase(client)
        assert phrase in _files_of(redis_server.data_dir)  # deleted from memory, not from the file
        rewriter.request()
        await asyncio.sleep(0.3)  # the rewriter asks for the rewrite
        await _until(lambda: phrase not in _files_of(redis_server.data_dir), redis)
        assert await inbox.since(client, None) == []
    finally:
        rewrites.cancel()
        await redis.aclose()


async def test_asking_twice_while_a_rewrite_runs_starts_a_new_one_after_it(redis_server: RedisServer) -> None:
    redis = Redis.from_url(redis_server.url, decode_responses=True)
    try:
        assert await rewrite_append_only_file(redis)
        assert await rewrite_append_only_file(redis)  # waits out the first, then starts its own
        await _until(lambda: True, redis)
    finally:
        await redis.aclose()


def _files_of(folder: Path) -> bytes:
    return b"".join(path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file())


async def _until(condition: Callable[[], bool], redis: Redis | None = None) -> None:
    """Wait (up to 20 s) for `condition`; with `redis`, also for its rewrite to finish."""
    async with asyncio.timeout(20):
        while True:
            if condition() and (redis is None or await rewrite_finished(redis)):
                return
            await asyncio.sleep(0.1)


async def test_erasures_in_a_burst_share_rewrites(redis_server: RedisServer) -> None:
    redis = Redis.from_url(redis_server.url, decode_responses=True)
    rewriter = AppendOnlyFileRewriter(retry_s=0.1, min_interval_s=60)
    rewrites = asyncio.create_task(rewriter.run(redis))
    try:
        await _until(lambda: True, redis)
        before = await _forks(redis)
        for _ in range(50):
            rewriter.request()
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.5)
        await _until(lambda: True, redis)
        assert await _forks(redis) - before == 1  # one rewrite for fifty erasures
    finally:
        rewrites.cancel()
        await redis.aclose()


async def _forks(redis: Redis) -> int:
    """How many times Redis forked (each rewrite forks once; this Redis keeps no snapshots)."""
    return int((await redis.info("stats"))["total_forks"])


async def test_a_redis_that_refuses_the_rewrite_is_not_asked_again_and_again(
    redis_server: RedisServer,
) -> None:
    redis = Redis.from_url(redis_server.url, decode_responses=True)
    asked: list[str] = []

    async def refused() -> None:
        asked.append("BGREWRITEAOF")
        raise ResponseError("NOPERM this user has no permissions to run the 'bgrewriteaof' command")

    redis.bgrewriteaof = refused  # type: ignore[method-assign]
    rewriter = AppendOnlyFileRewriter(retry_s=0.01, min_interval_s=0)
    rewrites = asyncio.create_task(rewriter.run(redis))
    try:
        await _until(lambda: True, redis)
        rewriter.request()
        await asyncio.sleep(0.5)
        assert asked == ["BGREWRITEAOF"]  # logged once as refused, not retried in a loop
    finally:
        rewrites.cancel()
        await redis.aclose()
