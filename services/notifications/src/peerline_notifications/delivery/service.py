"""A reply that never reached the client (the client blocked the bot, forgot themselves…):
the message is marked with the reason, the audit says so, the conversation's watchers learn it
(`conversation.updated` with reason `not_delivered`) and its holder gets a notice."""

from __future__ import annotations

from peerline_notifications.published_events import consultant_notice, conversation_event
from peerline_notifications.work import Outcome, Tx
from peerline_shared.events import ConversationUpdated, MessageUndeliverable
from peerline_shared.logging import get_logger

log = get_logger()
UNDELIVERABLE_CONSUMER = "notifications-undeliverable"


async def mark_undeliverable(tx: Tx, event: MessageUndeliverable) -> Outcome:
    if not await tx.inbox.record_new(UNDELIVERABLE_CONSUMER, [event.event_id], tx.now):
        return Outcome()  # a redelivery
    message = await tx.conversations.get_message(event.outbound_event_id)
    if message is not None:
        message.not_delivered = event.reason
    conversation_id = message.conversation_id if message is not None else event.conversation_id
    conversation = await tx.conversations.get(conversation_id) if conversation_id else None
    log.warning("delivery.not_delivered", conversation_id=str(conversation_id), reason=event.reason,
                channel=event.channel, marked=message is not None)
    if conversation is None:
        return Outcome()  # erased meanwhile, or a message of no conversation
    await tx.audit.append_system(
        "not_delivered", conversation.id, tx.now,
        after={"state": conversation.state, "message_id": str(event.outbound_event_id),
               "reason": event.reason, "channel": event.channel},
    )
    published = [conversation_event(ConversationUpdated, conversation, event, reason="not_delivered")]
    if conversation.consultant_id is not None:
        published.append(consultant_notice("undeliverable", [conversation.consultant_id], conversation,
                                           summary=f"not delivered: {event.reason}", trace_id=event.trace_id))
    return Outcome(publish=published)
