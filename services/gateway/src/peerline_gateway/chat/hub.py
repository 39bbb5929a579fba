"""The chat sockets this process holds, by client, and the push of new inbox entries."""

from __future__ import annotations

import asyncio
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from fastapi import WebSocket
from prometheus_client import Gauge
from redis.asyncio import Redis

from peerline_gateway.chat.inbox import PUSH_CHANNEL, ChatInbox
from peerline_gateway.frames import send_frame
from peerline_shared.logging import get_logger

log = get_logger()
CHAT_SOCKETS = Gauge("peerline_websocket_connections", "Open WebSocket connections", ["kind"])


@dataclass(eq=False)
class ChatConnection:
    """One socket; compared by identity, since one client may have two tabs open."""

    socket: WebSocket
    client_id: str
    last_sent: str | None = None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class ChatHub:
    def __init__(self) -> None:
        self.connections: dict[str, set[ChatConnection]] = defaultdict(set)
        self.sockets_per_address: Counter[str] = Counter()

    def admit(self, address: str, limit: int) -> bool:
        """Count a new socket from `address`, unless it already holds `limit` of them."""
        if self.sockets_per_address[address] >= limit:
            return False
        self.sockets_per_address[address] += 1
        return True

    def release(self, address: str) -> None:
        self.sockets_per_address[address] -= 1
        if self.sockets_per_address[address] <= 0:
            del self.sockets_per_address[address]

    def add(self, connection: ChatConnection) -> None:
        self.connections[connection.client_id].add(connection)
        CHAT_SOCKETS.labels("chat").inc()

    def remove(self, connection: ChatConnection) -> None:
        group = self.connections.get(connection.client_id)
        if group is not None and connection in group:
            group.discard(connection)
            CHAT_SOCKETS.labels("chat").dec()
            if not group:
                del self.connections[connection.client_id]

    async def flush(self, connection: ChatConnection, inbox: ChatInbox) -> None:
        """Send everything after what this socket last got, in order, exactly once."""
        async with connection.lock:
            for frame in await inbox.since(connection.client_id, connection.last_sent):
                await send_frame(connection.socket, frame)
                connection.last_sent = frame.seq

    async def push_loop(self, redis: Redis, inbox: ChatInbox) -> None:
        """Follow the push channel; deliver to sockets of this process only."""
        while True:
            try:
                async with redis.pubsub() as pubsub:
                    await pubsub.subscribe(PUSH_CHANNEL)
                    async for message in pubsub.listen():
                        if message.get("type") == "message":
                            await self._deliver(str(message["data"]), inbox)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("chat.push_loop_error", error_type=type(exc).__name__)
                await asyncio.sleep(1.0)

    async def _deliver(self, client_id: str, inbox: ChatInbox) -> None:
        for connection in list(self.connections.get(client_id, ())):
            try:
                await self.flush(connection, inbox)
            except Exception:
                self.remove(connection)
