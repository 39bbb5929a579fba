"""Issue 18, finding 2: deactivation did not end sessions; a demoted supervisor kept the
supervisor console; the console's automatic refreshes kept an unattended session alive.

Now every session carries its consultant's session generation; deactivation, a role change
and a password change raise it, so the old cookie is refused on its very next request and the
consultant's console sockets are closed. Automatic refreshes (X-Peerline-Background: 1) leave
the idle timer alone. Real redis-server, the gateway's real app in process."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from redis.asyncio import Redis

from peerline_devtools.localservers import RedisServer
from peerline_gateway.console.access_events import on_access_changed
from peerline_gateway.console.sessions import REVOKED_CHANNEL
from peerline_shared.db import create_engine, session_factory
from peerline_shared.events import (
    CommandResult,
    ConsultantAccessChanged,
    ConsultantsListed,
    QueueListed,
)
from peerline_shared.events import subjects as subj
from tests.security.console_in_process import (
    CONSULTANT_ID,
    PASSWORD,
    SUPERVISOR_ID,
    Browser,
    Console,
    running_console,
)

NEW_PASSWORD = "Quiet-harbour-lamp-42"


@pytest.fixture
def console(redis_server: RedisServer, tmp_path: Path) -> Iterator[Console]:
    yield from running_console(redis_server.url, tmp_path)


def queue_status(console: Console, browser: Browser) -> int:
    return console.use(browser).get("/console/api/queue").status_code


def claim_status(console: Console, browser: Browser) -> int:
    url = f"/console/api/conversations/{uuid.uuid4()}/claim"
    return console.use(browser).post(url, headers={"X-CSRF-Token": browser.csrf}).status_code


def wait_for_revocation_listener(console: Console) -> None:
    """The gateway's listener for ended sessions is subscribed (it starts with the app)."""

    async def subscribers() -> int:
        redis = Redis.from_url(console.gateway.settings.redis_url, decode_responses=True)
        try:
            counts = await redis.pubsub_numsub(REVOKED_CHANNEL)
            return int(counts[0][1])
        finally:
            await redis.aclose()

    while asyncio.run(subscribers()) < 1:
        pass


def test_a_deactivated_consultants_cookie_is_refused_at_once_and_their_socket_closed(
    console: Console,
) -> None:
    console.bus.answers[subj.rpc_notifications("queue")] = lambda query: QueueListed(items=())
    console.bus.answers[subj.rpc_notifications("claim")] = lambda query: CommandResult(ok=True)
    console.bus.answers[subj.RPC_DIRECTORY_MANAGE_DEACTIVATE_CONSULTANT] = lambda c: CommandResult(ok=True)
    olena = console.login("olena")
    taras = console.login("taras")
    assert queue_status(console, olena) == 200
    assert claim_status(console, olena) == 200
    wait_for_revocation_listener(console)
    cookie = {"cookie": f"peerline_console={olena.cookie}"}
    with console.client.websocket_connect("/console/ws", headers=cookie) as socket:
        url = f"/console/api/manage/consultants/{CONSULTANT_ID}/deactivate"
        deactivated = console.use(taras).post(url, headers={"X-CSRF-Token": taras.csrf})
        assert deactivated.status_code == 200
        closing = socket.receive()
    assert closing["type"] == "websocket.close"
    assert closing["code"] == 4401
    assert queue_status(console, olena) == 401
    assert claim_status(console, olena) == 401
    console.client.cookies.clear()
    again = console.client.post("/console/login", data={"login": "olena", "password": PASSWORD})
    assert again.status_code == 401  # and she cannot sign in again
    assert queue_status(console, taras) == 200  # nobody else was signed out


def apply_directory_event(console: Console, event: ConsultantAccessChanged) -> None:
    """What the gateway's durable consumer does with the directory's event."""
    settings = console.gateway.settings

    async def apply() -> None:
        redis = Redis.from_url(settings.redis_url, decode_responses=True)
        engine = create_engine(settings.database_url)
        try:
            await on_access_changed(event, session_factory(engine), redis, settings)
        finally:
            await redis.aclose()
            await engine.dispose()

    asyncio.run(apply())


def test_a_demoted_supervisor_loses_the_supervisor_routes_at_once(console: Console) -> None:
    listing = subj.RPC_DIRECTORY_MANAGE_LIST_CONSULTANTS
    console.bus.answers[listing] = lambda query: ConsultantsListed(consultants=())
    taras = console.login("taras")
    assert console.use(taras).get("/console/api/manage/consultants").status_code == 200
    demoted = ConsultantAccessChanged(consultant_id=SUPERVISOR_ID, role="consultant", active=True)
    apply_directory_event(console, demoted)
    assert console.use(taras).get("/console/api/manage/consultants").status_code == 401
    signed_in_again = console.login("taras")
    assert console.use(signed_in_again).get("/console/api/manage/consultants").status_code == 403


def test_an_event_that_changes_nothing_keeps_sessions(console: Console) -> None:
    console.bus.answers[subj.rpc_notifications("queue")] = lambda query: QueueListed(items=())
    olena = console.login("olena")
    same = ConsultantAccessChanged(consultant_id=CONSULTANT_ID, role="consultant", active=True)
    apply_directory_event(console, same)
    assert queue_status(console, olena) == 200


def test_a_password_change_ends_the_consultants_other_sessions(console: Console) -> None:
    console.bus.answers[subj.rpc_notifications("queue")] = lambda query: QueueListed(items=())
    laptop = console.login("olena")
    phone = console.login("olena")
    changed = console.use(phone).post(
        "/console/account/password",
        data={"csrf_token": phone.csrf, "current_password": PASSWORD, "new_password": NEW_PASSWORD},
    )
    assert changed.status_code == 200, changed.text
    assert 'id="password-changed"' in changed.text
    fresh = Browser(changed.cookies["peerline_console"], phone.csrf)
    assert fresh.cookie != phone.cookie
    assert queue_status(console, laptop) == 401
    assert queue_status(console, phone) == 401
    assert queue_status(console, fresh) == 200  # the browser that changed it stays signed in
    console.client.cookies.clear()
    old = console.client.post("/console/login", data={"login": "olena", "password": PASSWORD})
    assert old.status_code == 401
    assert console.login("olena", NEW_PASSWORD).cookie


def test_a_supervisor_reset_ends_the_consultants_sessions(console: Console) -> None:
    console.bus.answers[subj.rpc_notifications("queue")] = lambda query: QueueListed(items=())
    olena = console.login("olena")
    taras = console.login("taras")
    reset = console.use(taras).post(
        f"/console/api/manage/consultants/{CONSULTANT_ID}/password",
        json={"new_password": NEW_PASSWORD}, headers={"X-CSRF-Token": taras.csrf},
    )
    assert reset.status_code == 200, reset.text
    assert queue_status(console, olena) == 401
    assert console.login("olena", NEW_PASSWORD).cookie
    # A consultant may not reset anyone's password.
    olena = console.login("olena", NEW_PASSWORD)
    refused = console.use(olena).post(
        f"/console/api/manage/consultants/{SUPERVISOR_ID}/password",
        json={"new_password": NEW_PASSWORD}, headers={"X-CSRF-Token": olena.csrf},
    )
    assert refused.status_code == 403


def session_ttl(console: Console, browser: Browser) -> int:
    async def ttl() -> int:
        redis = Redis.from_url(console.gateway.settings.redis_url, decode_responses=True)
        try:
            return int(await redis.ttl(f"console:session:{browser.cookie}"))
        finally:
            await redis.aclose()

    return asyncio.run(ttl())


def shorten_session(console: Console, browser: Browser, seconds: int) -> None:
    """As if the consultant had left the console alone until `seconds` of idle time remain."""

    async def expire() -> None:
        redis = Redis.from_url(console.gateway.settings.redis_url, decode_responses=True)
        try:
            await redis.expire(f"console:session:{browser.cookie}", seconds)
        finally:
            await redis.aclose()

    asyncio.run(expire())


def test_background_polling_does_not_extend_the_idle_timeout(console: Console) -> None:
    console.bus.answers[subj.rpc_notifications("queue")] = lambda query: QueueListed(items=())
    idle_seconds = console.gateway.settings.console_idle_minutes * 60
    olena = console.login("olena")
    shorten_session(console, olena, 600)
    polled = console.use(olena).get("/console/api/queue", headers={"X-Peerline-Background": "1"})
    assert polled.status_code == 200
    assert session_ttl(console, olena) <= 600  # the automatic refresh did not count as use
    assert console.use(olena).get("/console/api/queue").status_code == 200
    assert session_ttl(console, olena) > 600  # the consultant's own request does
    assert session_ttl(console, olena) <= idle_seconds
