"""The limits at the public doors, checked against the running gateway: each test fails
without its limit."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from typing import Any

import httpx
import orjson
import pytest
import websockets
from websockets.exceptions import InvalidStatus

from peerline_devtools.devstack import DevStack

pytestmark = [pytest.mark.fuzz, pytest.mark.e2e]

MAX_MESSAGE_CHARS = 4000  # GatewaySettings.max_message_chars
CLIENT_MESSAGES_PER_MINUTE = 20  # GatewaySettings.client_messages_per_minute
LOGIN_MAX_FAILURES = 5  # GatewaySettings.login_max_failures


def _ws(stack: DevStack) -> str:
    return stack.url("gateway").replace("http", "ws", 1) + "/ws/chat"


async def _session(stack: DevStack, **connect: Any) -> Any:
    socket = await websockets.connect(_ws(stack), open_timeout=10, **connect)
    await socket.send(orjson.dumps({"type": "hello", "lang": "en"}).decode())
    assert orjson.loads(await asyncio.wait_for(socket.recv(), 10))["type"] == "welcome"
    return socket


async def _say(socket: Any, text: str) -> dict[str, Any]:
    message_id = uuid.uuid4().hex
    await socket.send(orjson.dumps({"type": "message", "id": message_id, "text": text}).decode())
    while True:
        frame: dict[str, Any] = orjson.loads(await asyncio.wait_for(socket.recv(), 15))
        if frame.get("id") == message_id:
            return frame


async def test_a_message_over_the_size_limit_is_refused_and_one_at_the_limit_accepted(
    fuzz_stack: DevStack,
) -> None:
    socket = await _session(fuzz_stack)
    try:
        too_long = await _say(socket, "x" * (MAX_MESSAGE_CHARS + 1))
        at_limit = await _say(socket, "y" * MAX_MESSAGE_CHARS)
    finally:
        await socket.close()
    assert (too_long["type"], too_long.get("code")) == ("error", "too_long")
    assert at_limit["type"] == "ack"


async def test_messages_over_the_per_client_rate_are_told_to_slow_down(fuzz_stack: DevStack) -> None:
    socket = await _session(fuzz_stack)
    try:
        answers = [
            (await _say(socket, f"rate probe {n} need help"))["type"]
            for n in range(CLIENT_MESSAGES_PER_MINUTE + 3)
        ]
    finally:
        await socket.close()
    assert answers[:CLIENT_MESSAGES_PER_MINUTE].count("ack") >= CLIENT_MESSAGES_PER_MINUTE - 1
    assert answers[-1] == "error"


async def test_a_foreign_origin_cannot_open_the_chat_socket(fuzz_stack: DevStack) -> None:
    for origin in ("https://evil.example", "null", "http://127.0.0.1.evil.example"):
        with pytest.raises(InvalidStatus) as refused:
            await websockets.connect(_ws(fuzz_stack), origin=origin, open_timeout=10)  # type: ignore[arg-type]
        assert refused.value.response.status_code == 403, origin
    own = await _session(fuzz_stack, origin=fuzz_stack.url("gateway"))  # the gateway's own page
    await own.close()


@pytest.mark.parametrize(
    ("path", "ancestors"), [("/", "'self'"), ("/embed", "'self'"), ("/console/login", "'none'")]
)
def test_pages_carry_security_headers(fuzz_stack: DevStack, path: str, ancestors: str) -> None:
    headers = httpx.get(f"{fuzz_stack.url('gateway')}{path}", timeout=10).headers
    csp = {
        part.strip().split(" ", 1)[0]: part.strip() for part in headers["content-security-policy"].split(";")
    }
    assert csp["frame-ancestors"].startswith(f"frame-ancestors {ancestors}")
    assert csp["script-src"] == "script-src 'self'"
    assert csp["object-src"] == "object-src 'none'"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    if path.startswith("/console"):
        assert headers["x-frame-options"] == "DENY"


def test_repeated_wrong_passwords_lock_the_login(fuzz_stack: DevStack) -> None:
    login = f"nobody-{uuid.uuid4().hex[:8]}"
    with httpx.Client(base_url=fuzz_stack.url("gateway"), timeout=10) as http:
        statuses = [
            http.post("/console/login", data={"login": login, "password": f"guess-{n}"}).status_code
            for n in range(LOGIN_MAX_FAILURES + 2)
        ]
    assert statuses[: LOGIN_MAX_FAILURES - 1] == [401] * (LOGIN_MAX_FAILURES - 1)
    assert statuses[-1] == 429


async def test_many_sessions_from_one_address_are_slowed_down(fuzz_stack: DevStack) -> None:
    # An address of its own (through the trusted proxy header): the gateway counts addresses in
    # its memory only, so nothing could reset the count for the later tests on this stack.
    behind_proxy = {"additional_headers": {"X-Forwarded-For": "198.51.100.61"}}
    answers = []
    for _ in range(12):
        socket = await _session(fuzz_stack, **behind_proxy)
        try:
            answers += [(await _say(socket, f"ip rate probe {n} need help"))["type"] for n in range(10)]
        finally:
            await socket.close()
    assert "error" in answers, "120 messages a minute from one address went through"


async def test_one_address_cannot_hold_unlimited_chat_sockets(fuzz_stack: DevStack) -> None:
    sockets, refused = [], 0
    try:
        for _ in range(60):
            try:
                sockets.append(await _session(fuzz_stack))
            except (InvalidStatus, AssertionError, websockets.ConnectionClosed):
                refused += 1
    finally:
        for socket in sockets:
            with contextlib.suppress(Exception):
                await socket.close()
    assert refused > 0, "60 chat sockets from one address were all accepted"
