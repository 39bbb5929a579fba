"""Chat rate limits against a real redis-server: several limits, one round trip."""

from __future__ import annotations

import secrets

import pytest
from redis.asyncio import Redis

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
