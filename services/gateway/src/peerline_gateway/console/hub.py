"""Console sockets this process holds; conversation events are broadcast to all of them."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import WebSocket

from peerline_gateway.chat.hub import CHAT_SOCKETS


class ConsoleHub:
    def __init__(self) -> None:
        self.sockets: set[WebSocket] = set()

    def add(self, socket: WebSocket) -> None:
        self.sockets.add(socket)
        CHAT_SOCKETS.labels("console").inc()

    def remove(self, socket: WebSocket) -> None:
        if socket in self.sockets:
            self.sockets.discard(socket)
            CHAT_SOCKETS.labels("console").dec()

    async def broadcast(self, frame: dict[str, Any]) -> None:
        text = orjson.dumps(frame).decode()  # once for every console, not once each
        for socket in list(self.sockets):
            try:
                await socket.send_text(text)
            except Exception:
                self.remove(socket)
