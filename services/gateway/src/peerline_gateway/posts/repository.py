"""Queries for channels, posts and deliveries; nobody else writes SQL for them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from peerline_gateway.posts.models import Post, PostDelivery, TelegramChannel


class PostRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def list_channels(self, *, active_only: bool = True) -> Sequence[TelegramChannel]:
        query = select(TelegramChannel).order_by(TelegramChannel.title)
        if active_only:
            query = query.where(TelegramChannel.active.is_(True))
        return (await self.session.execute(query)).scalars().all()

    async def get_channel(self, *, channel_id: uuid.UUID) -> TelegramChannel | None:
        return await self.session.get(TelegramChannel, channel_id)

    async def get_channel_by_chat(self, *, chat_id: str) -> TelegramChannel | None:
        query = select(TelegramChannel).where(TelegramChannel.chat_id == chat_id)
        return (await self.session.execute(query)).scalar_one_or_none()

    async def list_posts(self, *, limit: int = 100) -> Sequence[Post]:
        query = select(Post).where(Post.state != "deleted").order_by(Post.updated_at.desc()).limit(limit)
        return (await self.session.execute(query)).scalars().all()

    async def get(self, *, post_id: uuid.UUID) -> Post | None:
        return await self.session.get(Post, post_id)

    async def list_deliveries(self, *, post_ids: Sequence[uuid.UUID]) -> Sequence[PostDelivery]:
        query = select(PostDelivery).where(PostDelivery.post_id.in_(post_ids))
        return (await self.session.execute(query)).scalars().all()

    def create(self, *, row: Post | PostDelivery | TelegramChannel) -> None:
        self.session.add(row)

    async def delete_delivery(self, *, delivery: PostDelivery) -> None:
        await self.session.delete(delivery)

    async def list_due(self, *, now: datetime, stale_before: datetime, limit: int) -> Sequence[uuid.UUID]:
        """Deliveries to send now: pending and due, or claimed by a publisher that never finished."""
        query = (
            select(PostDelivery.id)
            .where(or_(
                (PostDelivery.state == "pending") & (PostDelivery.due_at <= now),
                (PostDelivery.state == "sending") & (PostDelivery.claimed_at < stale_before),
            ))
            .order_by(PostDelivery.due_at)
            .limit(limit)
        )
        return (await self.session.execute(query)).scalars().all()

    async def claim(self, *, delivery_id: uuid.UUID, now: datetime, stale_before: datetime) -> bool:
        """True for the one publisher whose conditional update took the delivery."""
        result = await self.session.execute(
            update(PostDelivery)
            .where(PostDelivery.id == delivery_id)
            .where(or_(
                (PostDelivery.state == "pending") & (PostDelivery.due_at <= now),
                (PostDelivery.state == "sending") & (PostDelivery.claimed_at < stale_before),
            ))
            .values(state="sending", claimed_at=now, attempts=PostDelivery.attempts + 1)
        )
        return bool(getattr(result, "rowcount", 0) == 1)

    async def cancel_pending(self, *, channel_id: uuid.UUID) -> int:
        """A removed channel gets nothing more: its scheduled deliveries are cancelled."""
        result = await self.session.execute(
            update(PostDelivery)
            .where(PostDelivery.channel_id == channel_id, PostDelivery.state == "pending")
            .values(state="cancelled")
        )
        return int(getattr(result, "rowcount", 0))

    async def get_delivery(self, *, delivery_id: uuid.UUID) -> PostDelivery | None:
        return await self.session.get(PostDelivery, delivery_id)
