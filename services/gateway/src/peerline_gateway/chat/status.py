"""What the chat tells a client about their conversation: queued, a consultant joined, closed.

Conversation events name no client, so the gateway learns which web client a conversation
belongs to from the replies it carries (each names both) and keeps that map in Redis.
"""

from __future__ import annotations

from redis.asyncio import Redis

from peerline_gateway.chat.frames import ChatState, status_frame

__all__ = ["ChatConversations", "ChatState", "announcement_needed", "status_frame"]


def announcement_needed(state: ChatState, alias: str | None, last_announced: str | None) -> bool:
    """Say "X joined" once per consultant, and "closed" once per closing."""
    marker = f"{state}:{alias or ''}"
    return marker != last_announced


class ChatConversations:
    """conversation id -> web client id, and the last status said in each conversation."""

    def __init__(self, redis: Redis, ttl_seconds: int) -> None:
        self.redis = redis
        self.ttl_seconds = ttl_seconds

    async def remember(self, conversation_id: str, client_id: str) -> None:
        await self.redis.set(f"chat:conversation:{conversation_id}", client_id, ex=self.ttl_seconds)

    async def client_of(self, conversation_id: str) -> str | None:
        value = await self.redis.get(f"chat:conversation:{conversation_id}")
        return None if value is None else str(value if isinstance(value, str) else value.decode())

    async def claim_announcement(self, conversation_id: str, state: ChatState, alias: str | None) -> bool:
        """True when this status has not been said yet in this conversation (atomic swap)."""
        key = f"chat:announced:{conversation_id}"
        marker = f"{state}:{alias or ''}"
        previous = await self.redis.set(key, marker, ex=self.ttl_seconds, get=True)
        said = previous.decode() if isinstance(previous, bytes) else previous
        return announcement_needed(state, alias, said if isinstance(said, str) else None)
