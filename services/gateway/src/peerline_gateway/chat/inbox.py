"""What the chat shows a client, kept in Redis so a reconnect (or another gateway process)
can replay exactly what was missed: one Redis stream per client, ids as resume points."""

from __future__ import annotations

from typing import Any

import orjson
from redis.asyncio import Redis

PUSH_CHANNEL = "chat:push"
MAX_KEPT = 200


def _key(client_id: str) -> str:
    return f"chat:inbox:{client_id}"


class ChatInbox:
    def __init__(self, redis: Redis, ttl_seconds: int) -> None:
        self.redis = redis
        self.ttl_seconds = ttl_seconds

    async def append(self, client_id: str, frame: dict[str, Any]) -> str:
        """Keep the frame, renew the client's history and tell every gateway process, in one
        round trip: the frame and its expiry land together, and the push follows them."""
        key = _key(client_id)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.xadd(key, {"f": orjson.dumps(frame)}, maxlen=MAX_KEPT, approximate=True)
            pipe.expire(key, self.ttl_seconds)
            pipe.publish(PUSH_CHANNEL, client_id)
            entry_id, _, _ = await pipe.execute()
        return entry_id if isinstance(entry_id, str) else bytes(entry_id).decode()

    async def since(self, client_id: str, last_seen: str | None) -> list[dict[str, Any]]:
        start = f"({last_seen}" if last_seen else "-"
        try:
            entries = await self.redis.xrange(_key(client_id), min=start, max="+", count=MAX_KEPT)
        except Exception:  # a malformed resume point from the browser: replay everything kept
            entries = await self.redis.xrange(_key(client_id), min="-", max="+", count=MAX_KEPT)
        return [{**orjson.loads(fields["f"]), "seq": entry_id} for entry_id, fields in entries]

    async def erase(self, client_id: str) -> None:
        await self.redis.delete(_key(client_id))
