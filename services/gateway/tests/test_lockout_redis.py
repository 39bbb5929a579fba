"""Login lockout against a real redis-server: per login, per address, doubling."""

from __future__ import annotations

import secrets

import pytest
from redis.asyncio import Redis

from peerline_devtools.localservers import RedisServer
from peerline_gateway.console.lockout import LockoutPolicy, LoginThrottle

pytestmark = [pytest.mark.integration]
POLICY = LockoutPolicy(max_failures=3, ip_max_failures=5, base_seconds=30, max_seconds=100)


async def test_a_login_locks_after_the_limit_and_the_next_lock_is_longer(redis_server: RedisServer) -> None:
    redis = Redis.from_url(redis_server.url, decode_responses=True)
    throttle, login = LoginThrottle(redis, POLICY), f"nurse-{secrets.token_hex(3)}"
    try:
        assert [await throttle.failed(login, "10.0.0.1") for _ in range(3)] == [0, 0, 30]
        assert 0 < await throttle.locked_for(login, "10.0.0.2") <= 30  # any address: the login is locked
        await redis.delete(f"console:lock:{throttle._subjects(login, '')[0]}")  # as if 30 s passed
        assert [await throttle.failed(login, "10.0.0.3") for _ in range(3)][-1] == 60
        assert await throttle.locked_for(f"other-{login}", "10.0.0.9") == 0
    finally:
        await redis.aclose()


async def test_one_address_trying_many_logins_is_locked(redis_server: RedisServer) -> None:
    redis = Redis.from_url(redis_server.url, decode_responses=True)
    throttle, address = (
        LoginThrottle(redis, POLICY),
        f"10.9.{secrets.randbelow(250)}.{secrets.randbelow(250)}",
    )
    try:
        for attempt in range(5):
            await throttle.failed(f"guess-{attempt}-{secrets.token_hex(2)}", address)
        assert await throttle.locked_for("anyone", address) > 0
        await throttle.succeeded("anyone", address)  # a success elsewhere does not lift an address lock
        assert await throttle.locked_for("anyone", address) > 0
    finally:
        await redis.aclose()
