"""What the chat's routes need after start-up. `main` keeps the chat's hub and the Redis
append-only-file rewriter on `app.state`; the providers here read them, so a route names only
what it uses (`hub: Hub`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from fastapi.requests import HTTPConnection

from peerline_gateway import deps
from peerline_gateway.chat.aof import AppendOnlyFileRewriter
from peerline_gateway.chat.hub import ChatHub
from peerline_gateway.chat.inbox import ChatInbox


async def chat_hub(connection: HTTPConnection) -> ChatHub:
    hub: ChatHub = connection.app.state.chats
    return hub


async def aof_rewriter(connection: HTTPConnection) -> AppendOnlyFileRewriter:
    rewriter: AppendOnlyFileRewriter = connection.app.state.rewriter
    return rewriter


async def chat_inbox(settings: deps.Settings, redis: deps.RedisClient) -> ChatInbox:
    return ChatInbox(redis, settings.chat_history_hours * 3600)


Hub = Annotated[ChatHub, Depends(chat_hub)]
Inbox = Annotated[ChatInbox, Depends(chat_inbox)]
Rewriter = Annotated[AppendOnlyFileRewriter, Depends(aof_rewriter)]
