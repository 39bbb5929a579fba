"""Decisions about posts: what a new, changed or deleted post means for its deliveries, and
what is audited. The route owns the transaction; Telegram is asked after the commit."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from peerline_gateway.console.errors import ConsoleError, NotFound
from peerline_gateway.console.sessions import ConsoleSession
from peerline_gateway.posts import audit
from peerline_gateway.posts.models import Post, PostDelivery
from peerline_gateway.posts.repository import PostRepository
from peerline_gateway.posts.sanitise import TEXT_LIMIT, sanitise, visible_length
from peerline_shared.events import utc_now


class PostRejected(ConsoleError):
    status_code, code = 422, "invalid"


@dataclass(frozen=True)
class Draft:
    """What the editor sent: the text as typed, where, when (None: now) or kept as a draft."""

    lang: str
    title: str
    text: str
    channel_ids: tuple[uuid.UUID, ...]
    publish_at: datetime | None
    draft: bool


def checked_text(source: str) -> str:
    """The sanitised text, or why it cannot be posted."""
    text = sanitise(source)
    if not text:
        raise PostRejected("the post is empty")
    if visible_length(text) > TEXT_LIMIT:
        raise PostRejected(f"Telegram takes at most {TEXT_LIMIT} characters in a post")
    return text


def _actor(session: ConsoleSession) -> dict[str, str]:
    return {"actor_id": str(session.consultant_id), "actor_alias": session.alias}


async def create_post(database: AsyncSession, who: ConsoleSession, draft: Draft) -> Post:
    now = utc_now()
    post = Post(id=uuid.uuid4(), lang=draft.lang, title=draft.title, text=checked_text(draft.text),
                state="draft", publish_at=None, created_by=who.consultant_id,
                updated_by=who.consultant_id, updated_at=now)
    PostRepository(database).create(row=post)
    await database.flush()
    await _schedule(database, post, draft, now)
    await audit.record(database, **_actor(who), action="post.created", post_id=post.id,
                       lang=post.lang, state=post.state, channels=[str(c) for c in draft.channel_ids],
                       publish_at=post.publish_at.isoformat() if post.publish_at else None)
    return post


async def change_post(database: AsyncSession, who: ConsoleSession, post_id: uuid.UUID,
                      draft: Draft) -> tuple[Post, list[PostDelivery]]:
    """The post changed; returns the deliveries already in channels, to edit there."""
    repository = PostRepository(database)
    post = await _live_post(repository, post_id)
    post.title, post.text, post.lang = draft.title, checked_text(draft.text), draft.lang
    post.updated_by, post.updated_at = who.consultant_id, utc_now()
    deliveries = list(await repository.list_deliveries(post_ids=[post.id]))
    in_channels = [d for d in deliveries if d.state in ("sent", "sending")]
    if post.state in ("draft", "scheduled") and not in_channels:
        for delivery in deliveries:
            if delivery.state in ("pending", "failed"):
                await repository.delete_delivery(delivery=delivery)
        await database.flush()
        await _schedule(database, post, draft, post.updated_at)
    await audit.record(database, **_actor(who), action="post.edited", post_id=post.id,
                       state=post.state, channels=[str(d.channel_id) for d in in_channels])
    return post, [d for d in in_channels if d.state == "sent" and d.message_id]


async def delete_post(database: AsyncSession, who: ConsoleSession, post_id: uuid.UUID) -> list[PostDelivery]:
    """The post is withdrawn; returns the deliveries in channels, to delete there."""
    repository = PostRepository(database)
    post = await _live_post(repository, post_id)
    deliveries = await repository.list_deliveries(post_ids=[post.id])
    for delivery in deliveries:
        if delivery.state in ("pending", "failed"):
            delivery.state = "cancelled"
    post.state, post.updated_by, post.updated_at = "deleted", who.consultant_id, utc_now()
    sent = [d for d in deliveries if d.state == "sent" and d.message_id]
    await audit.record(database, **_actor(who), action="post.deleted", post_id=post.id,
                       channels=[str(d.channel_id) for d in sent])
    return sent


async def _live_post(repository: PostRepository, post_id: uuid.UUID) -> Post:
    post = await repository.get(post_id=post_id)
    if post is None or post.state == "deleted":
        raise NotFound("no such post")
    return post


async def _schedule(database: AsyncSession, post: Post, draft: Draft, now: datetime) -> None:
    """Not a draft: one pending delivery per chosen channel, due at `publish_at` (or now)."""
    if draft.draft:
        post.state, post.publish_at = "draft", draft.publish_at
        return
    repository = PostRepository(database)
    channels = [await repository.get_channel(channel_id=channel_id) for channel_id in draft.channel_ids]
    if not channels or any(channel is None or not channel.active for channel in channels):
        raise PostRejected("choose one or more of the configured channels")
    post.state, post.publish_at = "scheduled", draft.publish_at or now
    for channel_id in dict.fromkeys(draft.channel_ids):
        repository.create(row=PostDelivery(id=uuid.uuid4(), post_id=post.id, channel_id=channel_id,
                                           state="pending", due_at=post.publish_at))


async def record_outcomes(database: AsyncSession, who: ConsoleSession, post_id: uuid.UUID, action: str,
                          results: dict[str, str | None]) -> None:
    """What each channel answered to an edit or a deletion, in the content audit."""
    for channel_id, error in results.items():
        await audit.record(database, **_actor(who), action=action, post_id=post_id, channel=channel_id,
                           error=error)
