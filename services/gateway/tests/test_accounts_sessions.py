"""Accounts and sessions: the password policy, the session generation in Redis, and the hub
closing only the sockets of the consultant whose sessions ended."""

from __future__ import annotations

import uuid
from typing import cast

from fastapi import WebSocket
from redis.asyncio import Redis

from peerline_devtools.localservers import RedisServer
from peerline_gateway.accounts.passwords import common_passwords, is_common, password_problem
from peerline_gateway.console.hub import SESSION_ENDED_CODE, ConsoleHub
from peerline_gateway.console.sessions import SessionStore


def test_the_bundled_list_is_read_and_large() -> None:
    assert len(common_passwords()) >= 10_000
    assert "password" in common_passwords()


def test_a_common_password_with_digits_added_is_still_common() -> None:
    assert is_common("Password2024!")
    assert not is_common("Lantern-orchard-1987")


def test_the_login_is_refused_inside_the_password_whatever_the_case() -> None:
    assert password_problem("xxOLENAxx-2024", login="olena", alias="Sunflower") is not None
    assert password_problem("my-Sunflower-99", login="olena", alias="sunflower") is not None
    assert password_problem("Lantern-orchard-1987", login="olena", alias="Sunflower") is None


def test_few_distinct_characters_are_refused() -> None:
    assert password_problem("abababababababab") is not None


async def test_ending_all_sessions_refuses_every_cookie_of_that_consultant_only(
    redis_server: RedisServer,
) -> None:
    redis = Redis.from_url(redis_server.url, decode_responses=True)
    store = SessionStore(redis, idle_seconds=600, absolute_seconds=3600)
    olena, taras = uuid.uuid4(), uuid.uuid4()
    first = await store.create(olena, "Olena", "consultant")
    second = await store.create(olena, "Olena", "consultant")
    other = await store.create(taras, "Taras", "supervisor")
    await store.end_all(olena)
    assert await store.get(first.session_id) is None
    assert await store.get(second.session_id) is None
    assert await store.get(other.session_id) is not None
    again = await store.create(olena, "Olena", "consultant")  # a new sign-in works
    assert await store.get(again.session_id) is not None
    await redis.aclose()


async def test_a_background_read_leaves_the_idle_timer(redis_server: RedisServer) -> None:
    redis = Redis.from_url(redis_server.url, decode_responses=True)
    store = SessionStore(redis, idle_seconds=600, absolute_seconds=3600)
    session = await store.create(uuid.uuid4(), "Olena", "consultant")
    await redis.expire(f"console:session:{session.session_id}", 30)
    assert await store.get(session.session_id, touch=False) is not None
    assert await redis.ttl(f"console:session:{session.session_id}") <= 30
    assert await store.get(session.session_id) is not None
    assert await redis.ttl(f"console:session:{session.session_id}") > 30
    await redis.aclose()


class ClosableSocket:
    def __init__(self) -> None:
        self.closed_with: int | None = None

    async def close(self, code: int = 1000) -> None:
        self.closed_with = code


async def test_the_hub_closes_only_that_consultants_sockets() -> None:
    hub = ConsoleHub()
    olena, taras = uuid.uuid4(), uuid.uuid4()
    hers, his = ClosableSocket(), ClosableSocket()
    hub.add(cast(WebSocket, hers), olena)
    hub.add(cast(WebSocket, his), taras)
    assert await hub.close_consultant(olena) == 1
    assert hers.closed_with == SESSION_ENDED_CODE
    assert his.closed_with is None
    assert hub.sockets == {cast(WebSocket, his)}
