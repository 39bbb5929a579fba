"""Sending posts to their channels through the Telegram adapter: due deliveries once, edits
and deletions of what was sent.

The schedule is the `gateway_post_delivery` table, so it survives restarts. Each gateway
process runs `publish_loop`; a conditional update claims a delivery for one of them. A
delivery claimed by a process that died before recording the answer is claimed again after
`STALE_CLAIM` and asked again with the same delivery id: the adapter answers with the message
it already posted, or "uncertain" if it died mid-call too; it never posts twice.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from peerline_gateway.deps import Bus, NoAnswer
from peerline_gateway.posts import audit
from peerline_gateway.posts.models import PostDelivery
from peerline_gateway.posts.repository import PostRepository
from peerline_shared.db import unit_of_work
from peerline_shared.events import (
    ChannelPostDone,
    DeleteChannelPost,
    EditChannelPost,
    PublishChannelPost,
    utc_now,
)
from peerline_shared.events import subjects as subj
from peerline_shared.logging import get_logger

log = get_logger()
STALE_CLAIM = timedelta(seconds=60)
RETRY_AFTER = timedelta(seconds=30)
PUBLISHER = {"actor_id": "publisher", "actor_alias": "scheduled publisher"}


@dataclass(frozen=True)
class Publisher:
    sessions: async_sessionmaker[AsyncSession]
    bus: Bus
    timeout_s: float
    clock: Callable[[], datetime] = utc_now

    async def publish_due(self, limit: int = 20) -> int:
        """Send what is due now; returns how many deliveries this process sent."""
        now = self.clock()
        async with self.sessions() as database:
            repository = PostRepository(database)
            due = await repository.list_due(now=now, stale_before=now - STALE_CLAIM, limit=limit)
        sent = 0
        for delivery_id in due:
            sent += await self.publish_one(delivery_id, now)
        return sent

    async def publish_one(self, delivery_id: uuid.UUID, now: datetime) -> int:
        command = await self._claim(delivery_id, now)
        if command is None:
            return 0  # another publisher took it
        try:
            done = await self.bus.request(subj.RPC_TELEGRAM_CHANNEL_PUBLISH, command, ChannelPostDone,
                                          timeout=self.timeout_s)
        except NoAnswer:
            done = ChannelPostDone(ok=False, error="unavailable")
        await self._record(delivery_id, done)
        return 1 if done.ok else 0

    async def edit(self, deliveries: list[PostDelivery], html: str) -> dict[str, str | None]:
        """Each sent delivery's message changed; returns channel id -> error (None when done)."""
        results: dict[str, str | None] = {}
        for delivery in deliveries:
            chat_id = await self._chat_of(delivery.channel_id)
            command = EditChannelPost(delivery_id=delivery.id, chat_id=chat_id,
                                      telegram_message_id=delivery.message_id or 0, html=html)
            results[str(delivery.channel_id)] = await self._ask(subj.RPC_TELEGRAM_CHANNEL_EDIT, command)
        return results

    async def delete(self, deliveries: list[PostDelivery]) -> dict[str, str | None]:
        results: dict[str, str | None] = {}
        for delivery in deliveries:
            chat_id = await self._chat_of(delivery.channel_id)
            command = DeleteChannelPost(delivery_id=delivery.id, chat_id=chat_id,
                                        telegram_message_id=delivery.message_id or 0)
            error = await self._ask(subj.RPC_TELEGRAM_CHANNEL_DELETE, command)
            results[str(delivery.channel_id)] = error
            if error is None:
                await self._set_state(delivery.id, "deleted")
        return results

    async def _ask(self, subject: str, command: EditChannelPost | DeleteChannelPost) -> str | None:
        try:
            done = await self.bus.request(subject, command, ChannelPostDone, timeout=self.timeout_s)
        except NoAnswer:
            return "unavailable"
        return None if done.ok else done.error or "rejected"

    async def _claim(self, delivery_id: uuid.UUID, now: datetime) -> PublishChannelPost | None:
        async with unit_of_work(self.sessions) as database:
            repository = PostRepository(database)
            if not await repository.claim(delivery_id=delivery_id, now=now, stale_before=now - STALE_CLAIM):
                return None
            delivery = await repository.get_delivery(delivery_id=delivery_id)
            assert delivery is not None
            post = await repository.get(post_id=delivery.post_id)
            channel = await repository.get_channel(channel_id=delivery.channel_id)
            assert post is not None and channel is not None
            return PublishChannelPost(delivery_id=delivery.id, chat_id=channel.chat_id, html=post.text)

    async def _record(self, delivery_id: uuid.UUID, done: ChannelPostDone) -> None:
        await audit.audited(self.sessions, lambda database: self._apply(database, delivery_id, done))
        if done.error == "unavailable":
            log.warning("posts.publish_postponed", delivery_id=str(delivery_id))
            return
        log.info("posts.published" if done.ok else "posts.publish_failed", delivery_id=str(delivery_id),
                 error=done.error)

    async def _apply(self, database: AsyncSession, delivery_id: uuid.UUID, done: ChannelPostDone) -> None:
        repository = PostRepository(database)
        delivery = await repository.get_delivery(delivery_id=delivery_id)
        assert delivery is not None
        if done.error == "unavailable":  # Telegram or the adapter away: try again later
            delivery.state, delivery.due_at = "pending", self.clock() + RETRY_AFTER
            return
        post = await repository.get(post_id=delivery.post_id)
        assert post is not None
        if done.ok:
            delivery.state, delivery.message_id = "sent", done.telegram_message_id
            delivery.sent_at, delivery.error = utc_now(), None
            post.state = "published" if post.state == "scheduled" else post.state
        else:
            delivery.state, delivery.error = "failed", done.error
        await audit.record(database, **PUBLISHER, post_id=post.id,
                           action="channel.published" if done.ok else "channel.publish_failed",
                           channel=str(delivery.channel_id), error=done.error,
                           message_id=done.telegram_message_id)

    async def _chat_of(self, channel_id: uuid.UUID) -> str:
        async with self.sessions() as database:
            channel = await PostRepository(database).get_channel(channel_id=channel_id)
        assert channel is not None
        return channel.chat_id

    async def _set_state(self, delivery_id: uuid.UUID, state: str) -> None:
        async with unit_of_work(self.sessions) as database:
            delivery = await PostRepository(database).get_delivery(delivery_id=delivery_id)
            if delivery is not None:
                delivery.state = state


async def publish_loop(publisher: Publisher, every_s: float) -> None:
    """Publish what is due, for ever; one failed round is logged and the next one runs."""
    while True:
        try:
            await publisher.publish_due()
        except Exception as exc:
            log.warning("posts.publisher_round_failed", error_type=type(exc).__name__)
        await asyncio.sleep(every_s)
