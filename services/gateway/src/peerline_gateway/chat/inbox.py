"""What the chat shows a client, kept in Redis so a reconnect (or another gateway process)
can replay exactly what was missed: one Redis stream per client, ids as resume points."""

from __future__ import annotations

import orjson
from pydantic import ValidationError
from redis.asyncio import Redis

from peerline_gateway.chat.frames import ChatMessage, ChatStatus, kept_frame
from peerline_shared.logging import get_logger

PUSH_CHANNEL = "chat:push"
MAX_KEPT = 200
log = get_logger()


def _key(client_id: str) -> str:
    return f"chat:inbox:{client_id}"


class ChatInbox:
    def __init__(self, redis: Redis, ttl_seconds: int) -> None:
        self.redis = redis
        self.ttl_seconds = ttl_seconds

    async def append(self, client_id: str, frame: ChatMessage | ChatStatus) -> str:
        """Keep the frame, renew the client's history and tell every gateway process, in one
        round trip: the frame and its expiry land together, and the push follows them."""
        key, stored = _key(client_id), frame.model_dump_json(by_alias=True, exclude={"seq"})
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.xadd(key, {"f": stored}, maxlen=MAX_KEPT, approximate=True)
            pipe.expire(key, self.ttl_seconds)
            pipe.publish(PUSH_CHANNEL, client_id)
            entry_id, _, _ = await pipe.execute()
        return entry_id if isinstance(entry_id, str) else bytes(entry_id).decode()

    async def since(self, client_id: str, last_seen: str | None) -> list[ChatMessage | ChatStatus]:
        start = f"({last_seen}" if last_seen else "-"
        try:
            entries = await self.redis.xrange(_key(client_id), min=start, max="+", count=MAX_KEPT)
        except Exception:  # a malformed resume point from the browser: replay everything kept
            entries = await self.redis.xrange(_key(client_id), min="-", max="+", count=MAX_KEPT)
        kept = (_kept(str(entry_id), str((fields or {}).get("f", ""))) for entry_id, fields in entries or ())
        return [frame for frame in kept if frame is not None]

    async def erase(self, client_id: str) -> None:
        await self.redis.delete(_key(client_id))


def _kept(entry_id: str, stored: str) -> ChatMessage | ChatStatus | None:
    """The stored frame with its resume point; one that no longer reads is skipped, not fatal."""
    try:
        return kept_frame.validate_python(orjson.loads(stored) | {"seq": entry_id})
    except (ValidationError, orjson.JSONDecodeError, TypeError):
        log.warning("chat.unreadable_kept_frame")
        return None
