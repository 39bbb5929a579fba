"""Channel posts in the console: editors and supervisors write, preview, schedule, publish,
edit and delete; supervisors configure the channels. Thin: parse, call, answer."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field, field_validator

from peerline_gateway import deps
from peerline_gateway.console import deps as console_deps
from peerline_gateway.console.auth import ContentChanger, ContentViewer, SessionCookie, SupervisorChanger
from peerline_gateway.console.errors import NotFound
from peerline_gateway.console.pages import CONSOLE_TEXTS, console_page
from peerline_gateway.posts import audit, service
from peerline_gateway.posts.models import Post, PostDelivery, TelegramChannel
from peerline_gateway.posts.publisher import Publisher
from peerline_gateway.posts.repository import PostRepository
from peerline_gateway.posts.sanitise import TEXT_LIMIT, sanitise, visible_length
from peerline_shared.db import snapshot, unit_of_work
from peerline_shared.events import Lang, utc_now
from peerline_shared.events.channels import CHAT_ID_PATTERN
from peerline_shared.events.vocabulary import edits_content
from peerline_shared.i18n import LANGUAGES

router = APIRouter(prefix="/console", tags=["console"])
POST_TEXTS = (*CONSOLE_TEXTS, "posts.")


async def publisher(gw: deps.TheGateway) -> Publisher:
    return Publisher(gw.runtime.sessions, gw.bus, gw.settings.rpc_timeout_seconds * 3)


Publishing = Annotated[Publisher, Depends(publisher)]


class PostBody(BaseModel):
    lang: Lang
    title: str = Field(default="", max_length=120)
    text: str = Field(min_length=1, max_length=32000)
    channel_ids: list[uuid.UUID] = Field(default=[], max_length=20)
    publish_at: datetime | None = None
    """With its offset (the console sends UTC); one without is read as UTC; none: now."""
    draft: bool = False

    @field_validator("publish_at")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value

    def as_draft(self) -> service.Draft:
        channel_ids = tuple(self.channel_ids)
        return service.Draft(self.lang, self.title, self.text, channel_ids, self.publish_at, self.draft)


class PreviewBody(BaseModel):
    text: str = Field(max_length=32000)


class ChannelBody(BaseModel):
    chat_id: str = Field(pattern=CHAT_ID_PATTERN, max_length=40)
    title: str = Field(min_length=1, max_length=120)


def _post_view(post: Post, deliveries: list[PostDelivery]) -> dict[str, Any]:
    return {
        "id": str(post.id), "lang": post.lang, "title": post.title, "text": post.text, "state": post.state,
        "publish_at": post.publish_at.isoformat() if post.publish_at else None,
        "updated_at": post.updated_at.isoformat(),
        "deliveries": [{"channel_id": str(d.channel_id), "state": d.state, "message_id": d.message_id,
                        "error": d.error} for d in deliveries],
    }


def _channel_view(channel: TelegramChannel) -> dict[str, Any]:
    return {"id": str(channel.id), "chat_id": channel.chat_id, "title": channel.title}


@router.get("/posts", include_in_schema=False)
async def posts_page(request: Request, store: console_deps.Sessions, peerline_console: SessionCookie = None
                     ) -> Response:
    return await console_page(request, "posts.html", store, peerline_console, POST_TEXTS,
                              shown_to=edits_content, post_langs=LANGUAGES, text_limit=TEXT_LIMIT)


@router.get("/api/posts")
async def list_posts(session: ContentViewer, db: deps.DbSessions) -> dict[str, Any]:
    async with db() as database:
        repository = PostRepository(database)
        posts = await repository.list_posts()
        deliveries = await repository.list_deliveries(post_ids=[post.id for post in posts])
        channels = await repository.list_channels()
    by_post: dict[uuid.UUID, list[PostDelivery]] = {}
    for delivery in deliveries:
        by_post.setdefault(delivery.post_id, []).append(delivery)
    return {"items": [_post_view(post, by_post.get(post.id, [])) for post in posts],
            "channels": [_channel_view(channel) for channel in channels]}


@router.post("/api/posts/preview")
async def preview(body: PreviewBody, session: ContentViewer) -> dict[str, Any]:
    """The text as Telegram will show it: the sanitised HTML, and its length as Telegram counts."""
    html = sanitise(body.text)
    return {"html": html, "length": visible_length(html), "limit": TEXT_LIMIT}


@router.post("/api/posts")
async def add_post(body: PostBody, session: ContentChanger, db: deps.DbSessions, publishing: Publishing
                   ) -> dict[str, Any]:
    post = await audit.audited(db, lambda database: service.create_post(database, session, body.as_draft()))
    post_id = post.id
    if post.state == "scheduled" and (post.publish_at or utc_now()) <= utc_now():
        await publishing.publish_due()
    return {"ok": True, "item": await _one(db, post_id)}


@router.put("/api/posts/{post_id}")
async def change_post(post_id: uuid.UUID, body: PostBody, session: ContentChanger, db: deps.DbSessions,
                      publishing: Publishing) -> dict[str, Any]:
    post, in_channels = await audit.audited(
        db, lambda database: service.change_post(database, session, post_id, body.as_draft())
    )
    results = await publishing.edit(in_channels, post.text)
    await audit.audited(
        db, lambda database: service.record_outcomes(database, session, post_id, "channel.edited", results)
    )
    return {"ok": all(error is None for error in results.values()), "channels": results,
            "item": await _one(db, post_id)}


@router.delete("/api/posts/{post_id}")
async def delete_post(post_id: uuid.UUID, session: ContentChanger, db: deps.DbSessions, publishing: Publishing
                      ) -> dict[str, Any]:
    in_channels = await audit.audited(db, lambda database: service.delete_post(database, session, post_id))
    results = await publishing.delete(in_channels)
    await audit.audited(
        db, lambda database: service.record_outcomes(database, session, post_id, "channel.deleted", results)
    )
    return {"ok": all(error is None for error in results.values()), "channels": results}


@router.get("/api/posts/audit")
async def content_audit(session: ContentViewer, db: deps.DbSessions, post_id: uuid.UUID | None = None
                        ) -> dict[str, Any]:
    async with snapshot(db) as database:  # the records shown and the check agree, whatever commits
        entries = await audit.list_entries(database, post_id=post_id)
        _, problems = await audit.verify(database)
    return {"chain_ok": not problems, "entries": [
        {"sequence": e.sequence, "at": e.at.isoformat(), "actor_id": e.actor_id, "actor_alias": e.actor_alias,
         "action": e.action, "post_id": str(e.post_id) if e.post_id else None, "detail": e.detail}
        for e in entries]}


@router.get("/api/channels")
async def list_channels(session: ContentViewer, db: deps.DbSessions) -> dict[str, Any]:
    async with db() as database:
        channels = await PostRepository(database).list_channels()
    return {"items": [_channel_view(channel) for channel in channels]}


@router.post("/api/channels")
async def add_channel(body: ChannelBody, session: SupervisorChanger, db: deps.DbSessions) -> dict[str, Any]:
    async with unit_of_work(db) as database:
        repository = PostRepository(database)
        channel = await repository.get_channel_by_chat(chat_id=body.chat_id)
        if channel is None:
            channel = TelegramChannel(id=uuid.uuid4(), chat_id=body.chat_id, title=body.title,
                                      added_by=session.consultant_id, added_at=utc_now())
            repository.create(row=channel)
        channel.title, channel.active = body.title, True
        await audit.record(database, actor_id=str(session.consultant_id), actor_alias=session.alias,
                           action="channel.configured", chat_id=body.chat_id, title=body.title)
        view = _channel_view(channel)
    return {"ok": True, "item": view}


@router.delete("/api/channels/{channel_id}")
async def remove_channel(channel_id: uuid.UUID, session: SupervisorChanger, db: deps.DbSessions
                         ) -> dict[str, Any]:
    """Kept for the posts already in it (an edit still reaches them); offered no more."""
    async with unit_of_work(db) as database:
        channel = await PostRepository(database).get_channel(channel_id=channel_id)
        if channel is None:
            raise NotFound("no such channel")
        channel.active = False
        cancelled = await PostRepository(database).cancel_pending(channel_id=channel_id)
        await audit.record(database, actor_id=str(session.consultant_id), actor_alias=session.alias,
                           action="channel.removed", chat_id=channel.chat_id, cancelled=cancelled)
    return {"ok": True}


async def _one(db: deps.DbSessions, post_id: uuid.UUID) -> dict[str, Any]:
    async with db() as database:
        repository = PostRepository(database)
        post = await repository.get(post_id=post_id)
        if post is None:
            raise NotFound("no such post")
        return _post_view(post, list(await repository.list_deliveries(post_ids=[post_id])))
