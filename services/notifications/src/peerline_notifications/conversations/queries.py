"""Read models for the console: the queue and one conversation."""

from __future__ import annotations

from peerline_notifications.conversations.models import Conversation, Message
from peerline_notifications.conversations.repository import ConversationRepository
from peerline_notifications.conversations.service import signals_of
from peerline_shared.events import ConversationShown, GetConversation, MessageView, QueueItem, QueueListed

PREVIEW_CHARS = 160


def queue_item(conversation: Conversation, preview: str = "") -> QueueItem:
    return QueueItem(
        conversation_id=conversation.id,
        state=conversation.state,  # type: ignore[arg-type]
        urgency=conversation.urgency,  # type: ignore[arg-type]
        lang=conversation.lang,  # type: ignore[arg-type]
        channel=conversation.channel,  # type: ignore[arg-type]
        topics=tuple(conversation.topics),  # type: ignore[arg-type]
        signals=signals_of(conversation),
        waiting_since=conversation.waiting_since,
        consultant_id=conversation.consultant_id,
        consultant_alias=conversation.consultant_alias,
        preview=preview[:PREVIEW_CHARS],
    )


async def list_queue(conversations: ConversationRepository, include_closed: bool) -> QueueListed:
    items = []
    for conversation in await conversations.list_queue(include_closed=include_closed):
        last = await conversations.last_client_message(conversation.id)
        items.append(queue_item(conversation, (last.text or "") if last else ""))
    return QueueListed(items=tuple(items))


def _view(message: Message) -> MessageView:
    return MessageView(message_id=message.id, author=message.author,  # type: ignore[arg-type]
                       author_alias=message.author_alias, text=message.text or "", at=message.at)


async def show(conversations: ConversationRepository, query: GetConversation) -> ConversationShown:
    conversation = await conversations.get(query.conversation_id)
    if conversation is None:
        return ConversationShown(found=False)
    messages = await conversations.list_messages(conversation.id)
    return ConversationShown(found=True, item=queue_item(conversation),
                             messages=tuple(_view(message) for message in messages))
