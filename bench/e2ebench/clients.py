"""Lean drivers for the load: web-chat sockets and consultant consoles.

Every timestamp is `time.perf_counter()` in this one process, so latencies need no clock sync.
Frames are parsed with orjson and nothing is kept beyond what the measures need.
"""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import orjson
import websockets
from websockets.asyncio.client import ClientConnection

from peerline_shared import dev

ClientFrameHook = Callable[["ChatClient", dict[str, Any], float], None]
ConsoleEventHook = Callable[[dict[str, Any], float], None]


@dataclass(eq=False)
class ChatClient:
    """One web-chat visitor: hello → welcome, then messages; frames go to `on_frame`."""

    ws_url: str
    on_frame: ClientFrameHook
    socket: ClientConnection | None = None
    session: str = ""
    reader: asyncio.Task[None] | None = None

    async def connect(self, *, read: bool = True) -> None:
        self.socket = await websockets.connect(self.ws_url, ping_interval=None, max_queue=64,
                                               compression=None)
        await self.socket.send(orjson.dumps({"type": "hello", "session": None, "lang": "uk"}).decode())
        welcome = orjson.loads(await asyncio.wait_for(self.socket.recv(), 30))
        if welcome.get("type") != "welcome":
            raise RuntimeError(f"expected welcome, got {welcome.get('type')}")
        self.session = welcome["session"]
        if read:
            self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.socket is not None
        try:
            async for raw in self.socket:
                self.on_frame(self, orjson.loads(raw), time.perf_counter())
        except websockets.ConnectionClosed:
            pass

    @staticmethod
    def new_message_id() -> str:
        return uuid.uuid4().hex

    async def send(self, message_id: str, text: str) -> None:
        assert self.socket is not None
        await self.socket.send(orjson.dumps({"type": "message", "id": message_id, "text": text}).decode())

    async def close(self) -> None:
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
        if response.status_code != 303:
            raise RuntimeError(f"console login failed: {response.status_code}")
        page = (await self.http.get("/console")).text
        found = re.search(r'name="csrf-token" content="([^"]+)"', page)
        if found is None:
            raise RuntimeError("no CSRF token on the console page")
        self.csrf = found.group(1)
        self.cookie = "; ".join(f"{name}={value}" for name, value in self.http.cookies.items())

    async def listen(self, on_event: ConsoleEventHook) -> None:
        url = self.gateway_url.replace("http", "ws", 1) + "/console/ws"
        self.socket = await websockets.connect(url, additional_headers={"Cookie": self.cookie},
                                               ping_interval=None, max_queue=None, compression=None)
        self.reader = asyncio.create_task(self._read(on_event))

    async def _read(self, on_event: ConsoleEventHook) -> None:
        assert self.socket is not None
        try:
            async for raw in self.socket:
                frame = orjson.loads(raw)
                if frame.get("type") == "event":
                    on_event(frame["event"], time.perf_counter())
        except websockets.ConnectionClosed:
            pass

    async def act(self, conversation_id: str, action: str, body: dict[str, Any] | None = None) -> int:
        response = await self.http.post(f"/console/api/conversations/{conversation_id}/{action}",
                                        json=body or {}, headers={"X-CSRF-Token": self.csrf})
        return response.status_code

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
