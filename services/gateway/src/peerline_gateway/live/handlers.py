"""Events the gateway follows: replies for web clients, conversation news for the chat's status
line, and conversation news for consoles."""

from __future__ import annotations

from redis.asyncio import Redis

from peerline_gateway.chat.frames import message_frame
from peerline_gateway.chat.inbox import ChatInbox
from peerline_gateway.chat.status import ChatConversations, ChatState, status_frame
from peerline_gateway.console.hub import ConsoleHub
from peerline_gateway.settings import GatewaySettings
from peerline_shared.bus import BusRouter
from peerline_shared.events import (
    ConversationClaimed,
    ConversationClosed,
    ConversationEvent,
    ConversationTransferred,
    OutboundMessageRequested,
)
from peerline_shared.events import subjects as subj
from peerline_shared.logging import get_logger

log = get_logger()
CONSOLE_SUBJECTS = (subj.CONVERSATION_ALL, subj.CONSULTANT_NOTIFIED, subj.CONSULTANT_PRESENCE)
router = BusRouter()


def stores(redis: Redis, settings: GatewaySettings) -> tuple[ChatInbox, ChatConversations]:
    ttl = settings.chat_history_hours * 3600
    return ChatInbox(redis, ttl), ChatConversations(redis, ttl)


async def announce(redis: Redis, settings: GatewaySettings, conversation_id: str, client_id: str,
                   state: ChatState, alias: str | None) -> None:
    inbox, conversations = stores(redis, settings)
    if await conversations.claim_announcement(conversation_id, state, alias):
        await inbox.append(client_id, status_frame(state, alias=alias, conversation_id=conversation_id))


# Shared by every gateway process: each reply is stored once in the client's inbox, and
# the Redis push tells whichever process holds the client's socket.
@router.consume(subject=subj.outbound("web"), durable="gateway-outbound-web", model=OutboundMessageRequested,
                max_workers=4)
async def on_outbound(event: OutboundMessageRequested, redis: Redis, settings: GatewaySettings) -> None:
    inbox, conversations = stores(redis, settings)
    if event.conversation_id is not None:
        conversation_id = str(event.conversation_id)
        await conversations.remember(conversation_id, event.client_id)
        if event.kind == "consultant_reply" and event.sender_alias:
            await announce(redis, settings, conversation_id, event.client_id, "joined", event.sender_alias)
    await inbox.append(event.client_id, message_frame(event))
    log.info("chat.reply_stored", conversation_id=str(event.conversation_id), kind=event.kind)


async def on_conversation(
    event: ConversationEvent, state: ChatState, redis: Redis, settings: GatewaySettings
) -> None:
    if event.channel != "web":
        return
    _, conversations = stores(redis, settings)
    conversation_id = str(event.conversation_id)
    client_id = getattr(event, "client_id", None) or await conversations.client_of(conversation_id)
    if client_id is None:
        return  # no reply has named this client yet; the first reply will announce
    alias = event.consultant_alias if state == "joined" else None
    await announce(redis, settings, conversation_id, client_id, state, alias)


@router.consume(subject=subj.conversation("claimed"), durable="gateway-chat-claimed",
                model=ConversationClaimed)
async def on_claimed(event: ConversationClaimed, redis: Redis, settings: GatewaySettings) -> None:
    await on_conversation(event, "joined", redis, settings)


@router.consume(subject=subj.conversation("transferred"), durable="gateway-chat-transferred",
                model=ConversationTransferred)
async def on_transferred(event: ConversationTransferred, redis: Redis, settings: GatewaySettings) -> None:
    await on_conversation(event, "joined", redis, settings)


@router.consume(subject=subj.conversation("closed"), durable="gateway-chat-closed", model=ConversationClosed)
async def on_closed(event: ConversationClosed, redis: Redis, settings: GatewaySettings) -> None:
    await on_conversation(event, "closed", redis, settings)


# Every process needs every console event, live: what a console missed while this process
# was away from NATS it reloads (the queue every 30 s; emergencies are alerted again).
async def on_console_event(body: bytes, consoles: ConsoleHub) -> None:
    await consoles.broadcast_event(body)  # as console frames: console/frames.py


for _subject in CONSOLE_SUBJECTS:
    router.follow(subject=_subject)(on_console_event)
