"""A web-chat client that behaves like the real page (static/chat.js) under faults.

Like chat.js it chooses each message's id itself, keeps a message pending until the gateway
acks it, re-sends every pending message after a reconnect (same id, so JetStream's
`Nats-Msg-Id` de-duplication stores it once), and re-sends after a `try_again` or `slow_down`
error frame (sooner than chat.js's 3 s / 30 s, to keep the tests short). Any other error
frame is final: the message is dropped from pending and kept in `refused`.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections import Counter
from typing import Any

import orjson
import websockets
from websockets.exceptions import InvalidHandshake, WebSocketException

RETRY_AFTER_ERROR_S = 0.5
RETRYABLE = frozenset({"try_again", "slow_down"})
RECONNECT_BACKOFF_S = (0.2, 2.0)
CONNECTION_ERRORS = (OSError, TimeoutError, InvalidHandshake, WebSocketException)


class ResilientChatClient:
    """One browser tab: a resumable session, pending messages, and what the gateway said."""

    def __init__(self, gateway_url: str, *, lang: str = "uk") -> None:
        self.url = gateway_url.replace("http", "ws", 1) + "/ws/chat"
        self.lang = lang
        self.session: str | None = None
        self.last_seen: str | None = None
        self.pending: dict[str, str] = {}
        self.acked: list[str] = []
        self.refused: dict[str, str] = {}
        self.received: list[dict[str, Any]] = []
        self.errors: Counter[str] = Counter()
        self.connections = 0
        self._socket: Any = None
        self._done = asyncio.Event()
        self._finishing = False
        self._retries: set[asyncio.Task[None]] = set()
        self._closing: asyncio.Future[None] | None = None

    async def say(self, text: str, message_id: str | None = None) -> str:
        message_id = message_id or uuid.uuid4().hex
        self.pending[message_id] = text
        await self._send(message_id)
        return message_id

    async def run(self) -> None:
        """Stay connected (reconnecting with backoff) until `finish()` and nothing is pending."""
        backoff = RECONNECT_BACKOFF_S[0]
        while not (self._finishing and not self.pending):
            try:
                await self._connected_session()
                backoff = RECONNECT_BACKOFF_S[0]
            except CONNECTION_ERRORS:
                self.errors["disconnected"] += 1
            self._socket = None
            if self._finishing and not self.pending:
                break
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, RECONNECT_BACKOFF_S[1])
        for task in self._retries:
            task.cancel()

    def finish(self) -> None:
        """Stop once every pending message is acked."""
        self._finishing = True
        if not self.pending and self._socket is not None:
            self._closing = asyncio.ensure_future(self._socket.close())

    async def _connected_session(self) -> None:
        async with websockets.connect(self.url, open_timeout=5, close_timeout=1) as socket:
            hello = {"type": "hello", "session": self.session, "last_seen": self.last_seen, "lang": self.lang}
            await socket.send(orjson.dumps(hello).decode())
            welcome = orjson.loads(await asyncio.wait_for(socket.recv(), 10))
            if welcome.get("type") != "welcome":
                self.errors[f"no_welcome:{welcome.get('code')}"] += 1
                return
            self.session, self._socket = welcome["session"], socket
            self.connections += 1
            for message_id in list(self.pending):
                await self._send(message_id)
            async for raw in socket:
                self._handle(orjson.loads(raw))
                if self._finishing and not self.pending:
                    return

    def _handle(self, frame: dict[str, Any]) -> None:
        kind = frame.get("type")
        if kind == "ack":
            if self.pending.pop(frame["id"], None) is not None:
                self.acked.append(frame["id"])
        elif kind == "error":
            code = str(frame.get("code"))
            self.errors[code] += 1
            if frame.get("id") in self.pending and code in RETRYABLE:
                self._retry_later(frame["id"])
            elif frame.get("id") in self.pending:
                self.refused[frame["id"]] = code
                del self.pending[frame["id"]]
        elif kind == "message":
            self.received.append(frame)
            self.last_seen = frame.get("seq") or self.last_seen

    def _retry_later(self, message_id: str) -> None:
        async def retry() -> None:
            await asyncio.sleep(RETRY_AFTER_ERROR_S)
            if message_id in self.pending:
                await self._send(message_id)

        task = asyncio.ensure_future(retry())
        self._retries.add(task)
        task.add_done_callback(self._retries.discard)

    async def _send(self, message_id: str) -> None:
        socket = self._socket
        if socket is None:
            return  # sent after the next welcome, like chat.js
        frame = {"type": "message", "id": message_id, "text": self.pending[message_id]}
        with contextlib.suppress(*CONNECTION_ERRORS):
            await socket.send(orjson.dumps(frame).decode())


def probe_tag(index: int, width: int = 5) -> str:
    """A lowercase letter tag for message `index`: survives the scrubber (no digits, no names)."""
    letters = []
    for _ in range(width):
        index, digit = divmod(index, 26)
        letters.append(chr(ord("a") + digit))
    return "q" + "".join(reversed(letters))


def probe_text(index: int, label: str = "chaos") -> str:
    return f"{label} probe {probe_tag(index)} please help with documents"
