"""The conversation context in Redis: one command a batch reads each client's recent urgencies
and remembers the batch's, and a message that comes again is neither remembered twice nor
given a context that holds itself or what came after it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from peerline_devtools.localservers import RedisServer
from peerline_triage.context import MAX_REMEMBERED, RecentUrgencies


@pytest.fixture
async def recent(redis_server: RedisServer) -> AsyncIterator[RecentUrgencies]:
    redis = Redis.from_url(redis_server.url, decode_responses=True)
    await redis.flushdb()
    yield RecentUrgencies(redis, 60)
    await redis.aclose()


async def test_a_batch_gets_the_context_before_it_and_is_remembered_in_order(recent: RecentUrgencies) -> None:
    assert await recent.recall_and_remember([("a", "e1", "high"), ("b", "e2", "low")]) == {"a": [], "b": []}
    found = await recent.recall_and_remember([("a", "e3", "emergency"), ("a", "e4", "normal")])
    assert found == {"a": ["high"]}
    assert await recent.list_many(["a", "b", "c"]) == {
        "a": ["normal", "emergency", "high"], "b": ["low"], "c": []
    }


async def test_a_batch_that_comes_again_gets_the_same_context_and_is_remembered_once(
    recent: RecentUrgencies,
) -> None:
    await recent.recall_and_remember([("a", "e1", "low")])
    batch = [("a", "e2", "emergency"), ("a", "e3", "normal")]
    first = await recent.recall_and_remember(batch)
    again = await recent.recall_and_remember(batch)
    assert first == again == {"a": ["low"]}
    # retried event by event, as a failed batch is: each as it was in the batch
    assert await recent.recall_and_remember(batch[:1]) == {"a": ["low"]}
    assert await recent.recall_and_remember(batch[1:]) == {"a": ["emergency", "low"]}
    assert await recent.list_many(["a"]) == {"a": ["normal", "emergency", "low"]}


async def test_the_context_keeps_the_newest_and_reads_entries_without_an_event_id(
    recent: RecentUrgencies,
) -> None:
    await recent.redis.rpush("triage:recent:a", "high", "low")  # as written before the event ids
    messages = [("a", f"e{i}", "normal") for i in range(MAX_REMEMBERED)]
    assert await recent.recall_and_remember(messages[:1]) == {"a": ["high", "low"]}
    await recent.recall_and_remember(messages[1:])
    assert await recent.list_many(["a"]) == {"a": ["normal"] * MAX_REMEMBERED}
    assert await recent.redis.ttl("triage:recent:a") > 0


async def test_the_script_is_loaded_again_when_the_server_has_forgotten_it(recent: RecentUrgencies) -> None:
    await recent.recall_and_remember([("a", "e1", "high")])
    await recent.redis.script_flush()
    assert await recent.recall_and_remember([("a", "e2", "low")]) == {"a": ["high"]}
