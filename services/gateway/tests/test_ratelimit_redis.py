"""Chat rate limits against a real redis-server: several limits, one round trip, and one
round trip for every use asked for in the same turn of the event loop."""

from __future__ import annotations

import asyncio
import secrets
import socket

import pytest
from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError

from peerline_devtools.localservers import RedisServer
from peerline_gateway.ratelimit import Limit, RateLimiter

pytestmark = [pytest.mark.integration]


async def test_a_use_is_refused_once_any_of_its_limits_is_reached(redis_server: RedisServer) -> None:
    redis = Redis.from_url(redis_server.url)
    limiter = RateLimiter(redis, Limit("client", 3, 60), Limit("address", 4, 60))
    client, other, address = secrets.token_hex(4), secrets.token_hex(4), secrets.token_hex(4)
    try:
        answers = [await limiter.allow(client, address) for _ in range(4)]
        assert answers == [True, True, True, False]  # the client's limit
        assert [await limiter.allow(other, address) for _ in range(2)] == [False, False]  # 4 per address
        assert await limiter.allow(other, secrets.token_hex(4))  # another address: within both
    finally:
        await redis.aclose()


async def test_counters_expire_after_two_windows(redis_server: RedisServer) -> None:
    redis = Redis.from_url(redis_server.url)
    limit = Limit("expiry", 10, 60)
    subject = secrets.token_hex(4)
    try:
        await RateLimiter(redis, limit).allow(subject)
        keys = [key async for key in redis.scan_iter(match=f"ratelimit:expiry:{subject}:*")]
        assert len(keys) == 1
        assert 60 < await redis.ttl(keys[0]) <= 120
    finally:
        await redis.aclose()


async def test_one_subject_per_limit_is_required(redis_server: RedisServer) -> None:
    redis = Redis.from_url(redis_server.url)
    try:
        with pytest.raises(ValueError, match="2 subjects expected"):
            await RateLimiter(redis, Limit("a", 1, 60), Limit("b", 1, 60)).allow("only-one")
    finally:
        await redis.aclose()


async def script_calls(redis: Redis) -> int:
    stats = await redis.info("commandstats")
    return int(stats.get("cmdstat_evalsha", {}).get("calls", 0))


async def test_uses_asked_for_together_share_one_call_and_keep_their_own_verdicts(
    redis_server: RedisServer,
) -> None:
    redis = Redis.from_url(redis_server.url)
    limiter = RateLimiter(redis, Limit("together", 3, 60))
    flooding, quiet = secrets.token_hex(4), secrets.token_hex(4)
    try:
        await limiter.allow(secrets.token_hex(4))  # loads the script
        calls_before = await script_calls(redis)
        answers = await asyncio.gather(*(limiter.allow(flooding) for _ in range(5)), limiter.allow(quiet))
        assert await script_calls(redis) - calls_before == 1
        assert answers == [True, True, True, False, False, True]
        assert not await limiter.allow(flooding)  # every use was counted, refused or not
    finally:
        await redis.aclose()


async def test_when_redis_is_away_every_waiting_caller_gets_the_error() -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        url = f"redis://127.0.0.1:{probe.getsockname()[1]}"
    redis = Redis.from_url(url)
    limiter = RateLimiter(redis, Limit("away", 3, 60))
    try:
        answers = await asyncio.gather(*(limiter.allow(f"c{n}") for n in range(3)), return_exceptions=True)
        assert [type(answer) for answer in answers] == [RedisConnectionError] * 3
        with pytest.raises(RedisConnectionError):  # and the next caller too, alone, as before
            await limiter.allow("c4")
    finally:
        await redis.aclose()


async def test_a_caller_that_stops_waiting_leaves_the_others_their_answers(redis_server: RedisServer) -> None:
    redis = Redis.from_url(redis_server.url)
    limiter = RateLimiter(redis, Limit("cancelled", 2, 60))
    subject = secrets.token_hex(4)
    try:
        callers = [asyncio.ensure_future(limiter.allow(subject)) for _ in range(3)]
        await asyncio.sleep(0)  # each caller has joined; their call is not sent yet
        callers[1].cancel()
        assert await callers[0] is True
        assert await callers[2] is False  # the cancelled caller's use was still counted
        assert callers[1].cancelled()
    finally:
        await redis.aclose()


async def test_reserved_uses_are_spent_from_memory_and_never_add_up_past_the_limit(
    redis_server: RedisServer,
) -> None:
    redis = Redis.from_url(redis_server.url)
    limit = Limit("reserved", 10, 60, reserve=4)
    first, second = RateLimiter(redis, limit), RateLimiter(redis, limit)  # two gateway processes
    subject = secrets.token_hex(4)
    try:
        await first.allow(secrets.token_hex(4))  # loads the script
        calls_before = await script_calls(redis)
        assert [await first.allow(subject) for _ in range(4)] == [True] * 4
        assert await script_calls(redis) - calls_before == 1  # one call for four uses
        # Taking turns, neither allows a use it did not reserve: the second reserves uses 5-8,
        # the first 9-12 of which 9-10 are within the limit; then both are refused.
        answers = [await limiter.allow(subject) for _ in range(6) for limiter in (second, first)]
        assert answers == [True, True, True, True, True, False, True] + [False] * 5
        assert 4 + answers.count(True) == 10
    finally:
        await redis.aclose()


async def test_a_reservation_that_reaches_past_the_limit_allows_only_what_is_left(
    redis_server: RedisServer,
) -> None:
    redis = Redis.from_url(redis_server.url)
    limiter = RateLimiter(redis, Limit("edge", 6, 60, reserve=4))
    subject = secrets.token_hex(4)
    try:
        assert [await limiter.allow(subject) for _ in range(8)] == [True] * 6 + [False] * 2
    finally:
        await redis.aclose()
