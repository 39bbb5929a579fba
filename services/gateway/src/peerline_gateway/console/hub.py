"""Console sockets this process holds; each live frame is broadcast to all of them, except a
notice, which goes only to the consultants it names. When a consultant's sessions end
(console/sessions.py), their sockets here are closed."""

from __future__ import annotations

import asyncio
import contextlib
import uuid

from fastapi import WebSocket
from redis.asyncio import Redis

from peerline_gateway.chat.hub import CHAT_SOCKETS
from peerline_gateway.console.frames import Audience, ConsoleFrame, console_delivery
from peerline_gateway.console.sessions import REVOKED_CHANNEL
from peerline_gateway.frames import frame_json
from peerline_shared.logging import get_logger

log = get_logger()
SESSION_ENDED_CODE = 4401


class ConsoleHub:
    def __init__(self) -> None:
        self.sockets: set[WebSocket] = set()
        self.owners: dict[WebSocket, uuid.UUID] = {}

    def add(self, socket: WebSocket, consultant_id: uuid.UUID | None = None) -> None:
        self.sockets.add(socket)
        if consultant_id is not None:
            self.owners[socket] = consultant_id
        CHAT_SOCKETS.labels("console").inc()

    def remove(self, socket: WebSocket) -> None:
        self.owners.pop(socket, None)
        if socket in self.sockets:
            self.sockets.discard(socket)
            CHAT_SOCKETS.labels("console").dec()

    async def close_consultant(self, consultant_id: uuid.UUID) -> int:
        """Close this consultant's sockets (their sessions ended); returns how many."""
        theirs = [socket for socket, owner in self.owners.items() if owner == consultant_id]
        for socket in theirs:
            self.remove(socket)
            with contextlib.suppress(Exception):  # already gone
                await socket.close(code=SESSION_ENDED_CODE)
        return len(theirs)

    async def revocation_loop(self, redis: Redis) -> None:
        """Follow the sessions-ended channel; close the sockets this process holds."""
        while True:
            try:
                async with redis.pubsub() as pubsub:
                    await pubsub.subscribe(REVOKED_CHANNEL)
                    async for message in pubsub.listen():
                        if message.get("type") == "message":
                            closed = await self.close_consultant(uuid.UUID(str(message["data"])))
                            log.info("console.sockets_closed", count=closed)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("console.revocation_loop_error", error_type=type(exc).__name__)
                await asyncio.sleep(1.0)

    async def broadcast(self, frame: ConsoleFrame, audience: Audience = None) -> None:
        """To every console, or only to the consoles of the consultants in `audience`."""
        text = frame_json(frame)  # once for every console, not once each
        for socket in list(self.sockets):
            if audience is not None and self.owners.get(socket) not in audience:
                continue
            try:
                await socket.send_text(text)
            except Exception:
                self.remove(socket)

    async def broadcast_event(self, body: bytes) -> None:
        """A followed event, as the frame consoles show (nothing for what they do not); a
        notice reaches only the consoles of those it names."""
        delivery = console_delivery(body)
        if delivery is not None:
            await self.broadcast(*delivery)
