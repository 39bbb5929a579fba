"""Lean drivers for the load: web-chat sockets and consultant consoles.

Every timestamp is `time.perf_counter()` in this one process, so latencies need no clock sync.
Frames are parsed with orjson and nothing is kept beyond what the measures need.
"""

from __future__ import annotations

import asyncio
import itertools
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import orjson
import websockets
from websockets.asyncio.client import ClientConnection

from peerline_devtools.totp import fresh_code
from peerline_shared import dev

ClientFrameHook = Callable[["ChatClient", dict[str, Any], float], None]
ConsoleEventHook = Callable[[dict[str, Any], float], None]

# Message ids: 32 hex digits, unique in the run (a random half, then a counter), as a uuid4's hex
# was, at a fraction of its cost (one per message sent).
_MESSAGE_ID_PREFIX = secrets.token_hex(8)
_message_numbers = itertools.count()


@dataclass(eq=False)
class ChatClient:
    """One web-chat visitor: hello → welcome, then messages; frames go to `on_frame`.

    Like the chat page, it keeps every message until the gateway acks it; when the gateway
    closes the socket, it counts the close (`closes`), reconnects with the same session (the
    same client) and sends the unacked messages again (the gateway dedupes by message id)."""

    ws_url: str
    on_frame: ClientFrameHook
    socket: ClientConnection | None = None
    session: str = ""
    reader: asyncio.Task[None] | None = None
    pending: dict[str, str] = field(default_factory=dict)
    closes: int = 0
    retries: int = 0
    resends: set[asyncio.Task[None]] = field(default_factory=set)
    closing: bool = False
    reconnecting: asyncio.Task[None] | None = None

    async def connect(self, *, read: bool = True) -> None:
        self.socket = await websockets.connect(self.ws_url, ping_interval=None, max_queue=64,
                                               compression=None)
        hello = {"type": "hello", "session": self.session or None, "lang": "uk"}
        await self.socket.send(orjson.dumps(hello).decode())
        welcome = orjson.loads(await asyncio.wait_for(self.socket.recv(), 30))
        if welcome.get("type") != "welcome":
            raise RuntimeError(f"expected welcome, got {welcome.get('type')}")
        self.session = welcome["session"]
        if read:
            self.reader = asyncio.create_task(self._read(self.socket))

    async def _read(self, socket: ClientConnection) -> None:
        try:
            while True:
                frame = orjson.loads(await socket.recv(decode=False))  # bytes: no str made
                if frame.get("type") == "ack":
                    self.pending.pop(str(frame.get("id")), None)
                elif frame.get("code") == "try_again" and str(frame.get("id")) in self.pending:
                    self.retries += 1  # as the page does: the same message again, a little later
                    asyncio.get_running_loop().call_later(0.2, self._send_again, str(frame["id"]))
                    continue
                self.on_frame(self, frame, time.perf_counter())
        except websockets.ConnectionClosed:
            pass
        if not self.closing:
            self._closed_by_gateway()

    def _closed_by_gateway(self) -> None:
        if self.reconnecting is None or self.reconnecting.done():
            self.closes += 1
            self.reconnecting = asyncio.create_task(self._reconnect())

    async def _reconnect(self, attempts: int = 20) -> None:
        for attempt in range(attempts):
            await asyncio.sleep(min(0.05 * 2**attempt, 2.0))
            if self.closing:
                return
            try:
                await self.connect()
            except (OSError, TimeoutError, RuntimeError, websockets.WebSocketException):
                continue
            assert self.socket is not None
            for message_id, text in list(self.pending.items()):
                await self._send_frame(message_id, text)
            return

    def _send_again(self, message_id: str) -> None:
        text = self.pending.get(message_id)
        if text is not None and not self.closing:
            self.resends.add(asyncio.create_task(self._send_frame(message_id, text)))

    @staticmethod
    def new_message_id() -> str:
        return f"{_MESSAGE_ID_PREFIX}{next(_message_numbers):016x}"

    async def send(self, message_id: str, text: str) -> None:
        self.pending[message_id] = text
        if self.reconnecting is not None and not self.reconnecting.done():
            return  # sent again once the socket is back
        await self._send_frame(message_id, text)

    async def _send_frame(self, message_id: str, text: str) -> None:
        assert self.socket is not None
        frame = orjson.dumps({"type": "message", "id": message_id, "text": text})
        try:
            await self.socket.send(frame, text=True)  # UTF-8 bytes as a text frame: no decode, encode
        except websockets.ConnectionClosed:
            if not self.closing:
                self._closed_by_gateway()

    async def close(self) -> None:
        self.closing = True
        if self.reconnecting is not None:
            self.reconnecting.cancel()
        if self.socket is not None:
            await self.socket.close()
        if self.reader is not None:
            self.reader.cancel()


@dataclass
class ConsoleEvent:
    event_id: str
    trace_id: str
    type: str
    conversation_id: str
    received_at: float


@dataclass
class Consultant:
    """A logged-in console: its live socket, and the JSON API to claim and reply."""

    gateway_url: str
    http: httpx.AsyncClient = field(init=False)
    csrf: str = ""
    cookie: str = ""
    socket: ClientConnection | None = None
    reader: asyncio.Task[None] | None = None

    def __post_init__(self) -> None:
        limits = httpx.Limits(max_connections=16, max_keepalive_connections=16)
        self.http = httpx.AsyncClient(base_url=self.gateway_url, timeout=15.0, limits=limits)

    async def login(self) -> None:
        response = await self.http.post("/console/login", data={"login": dev.DEMO_LOGIN,
                                                                "password": dev.DEMO_PASSWORD})
        if response.headers.get("location") == "/console/second-factor":
            code = await asyncio.to_thread(fresh_code, dev.DEMO_TOTP_SECRET)
            response = await self.http.post("/console/second-factor", data={"code": code})
        if response.status_code != 303:
            raise RuntimeError(f"console login failed: {response.status_code}")
        page = (await self.http.get("/console")).text
        found = re.search(r'name="csrf-token" content="([^"]+)"', page)
        if found is None:
            raise RuntimeError("no CSRF token on the console page")
        self.csrf = found.group(1)
        self.cookie = "; ".join(f"{name}={value}" for name, value in self.http.cookies.items())

    async def listen(self, on_event: ConsoleEventHook | None) -> None:
        """Read the console's live frames; `on_event` gets its conversation events and notices
        (None: the frames are read and dropped unparsed)."""
        url = self.gateway_url.replace("http", "ws", 1) + "/console/ws"
        self.socket = await websockets.connect(url, additional_headers={"Cookie": self.cookie},
                                               ping_interval=None, max_queue=None, compression=None)
        self.reader = asyncio.create_task(self._read(on_event))

    async def _read(self, on_event: ConsoleEventHook | None) -> None:
        assert self.socket is not None
        try:
            while True:
                raw = await self.socket.recv(decode=False)
                if on_event is None:
                    continue
                frame = orjson.loads(raw)  # console frames (docs/console.md, "Browser frames")
                if frame.get("type") in ("conversation", "notice"):
                    on_event(frame, time.perf_counter())
        except websockets.ConnectionClosed:
            pass

    async def act(self, conversation_id: str, action: str, body: dict[str, Any] | None = None) -> int:
        response = await self.http.post(f"/console/api/conversations/{conversation_id}/{action}",
                                        json=body or {}, headers={"X-CSRF-Token": self.csrf})
        return response.status_code

    async def load_queue(self) -> float:
        """The console's queue request, as the page makes it; returns its seconds."""
        started = time.perf_counter()
        response = await self.http.get("/console/api/queue")
        response.raise_for_status()
        return time.perf_counter() - started

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()
        if self.reader is not None:
            self.reader.cancel()
        await self.http.aclose()


def console_event(payload: dict[str, Any], received_at: float) -> ConsoleEvent:
    return ConsoleEvent(
        event_id=str(payload.get("event_id", "")),
        trace_id=str(payload.get("trace_id", "")),
        type=str(payload.get("type", "")),
        conversation_id=str(payload.get("conversation_id", "")),
        received_at=received_at,
    )
