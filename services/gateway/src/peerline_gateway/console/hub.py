"""Console sockets this process holds; each live frame is broadcast to all of them."""

from __future__ import annotations

from fastapi import WebSocket

from peerline_gateway.chat.hub import CHAT_SOCKETS
from peerline_gateway.console.frames import ConsoleFrame, console_frame
from peerline_gateway.frames import frame_json


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

    async def broadcast(self, frame: ConsoleFrame) -> None:
        text = frame_json(frame)  # once for every console, not once each
        for socket in list(self.sockets):
            try:
                await socket.send_text(text)
            except Exception:
                self.remove(socket)

    async def broadcast_event(self, body: bytes) -> None:
        """A followed event, as the frame consoles show (nothing for what they do not)."""
        frame = console_frame(body)
        if frame is not None:
            await self.broadcast(frame)
