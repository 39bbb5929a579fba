"""Entry points: parse, open the transaction, call the service, commit, then publish."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta


from peerline_notifications.audit.repository import AuditRepository
from peerline_notifications.conversations import queries, service
from peerline_notifications.conversations.repository import ConversationRepository, InboxRepository
from peerline_notifications.settings import NotificationsSettings
from peerline_shared.broker import consume, publish_event, rpc_handler
from peerline_shared.db import unit_of_work
from peerline_shared.events import (
    ClaimConversation,
    CloseConversation,
    CommandResult,
    ConversationShown,
    GetConversation,
    ListQueue,
    MessageTriaged,
    QueueListed,
    ReplyToClient,
    utc_now,
)
from peerline_shared.events import subjects as subj
from peerline_shared.logging import get_logger
from peerline_shared.runtime import Runtime

log = get_logger()
TRIAGED_CONSUMER = "notifications-triaged"
QUEUE_GROUP = "notifications"

Command = Callable[[ConversationRepository, AuditRepository], Awaitable[service.Outcome]]


async def _run(runtime: Runtime, step: Command) -> CommandResult:
    async with unit_of_work(runtime.sessions) as session:
        outcome = await step(ConversationRepository(session), AuditRepository(session))
    for event, subject in outcome.publish:
        await publish_event(runtime.broker, event, subject)
        log.info("event.published", published_type=event.type,
                 conversation_id=str(getattr(event, "conversation_id", "") or ""))
    return outcome.result or CommandResult(ok=True)


def register(runtime: Runtime, settings: NotificationsSettings) -> None:
    broker = runtime.broker
    reopen_window = timedelta(hours=settings.reopen_window_hours)

    @consume(broker, subject=subj.TRIAGED, durable=TRIAGED_CONSUMER, model=MessageTriaged)
    async def on_triaged(event: MessageTriaged) -> None:
        async def step(conversations: ConversationRepository, audit: AuditRepository) -> service.Outcome:
            inbox = InboxRepository(conversations.session)
            if await inbox.seen(TRIAGED_CONSUMER, event.event_id):
                return service.Outcome()
            inbox.record(TRIAGED_CONSUMER, event.event_id, utc_now())
            return await service.receive_triaged(conversations, audit, event, utc_now(), reopen_window)

        await _run(runtime, step)

    @rpc_handler(broker, subject=subj.rpc_notifications("claim"), model=ClaimConversation, queue=QUEUE_GROUP)
    async def on_claim(command: ClaimConversation) -> CommandResult:
        return await _run(runtime, lambda c, a: service.claim(c, a, command, utc_now()))

    @rpc_handler(broker, subject=subj.rpc_notifications("reply"), model=ReplyToClient, queue=QUEUE_GROUP)
    async def on_reply(command: ReplyToClient) -> CommandResult:
        return await _run(runtime, lambda c, a: service.reply(c, a, command, utc_now()))

    @rpc_handler(broker, subject=subj.rpc_notifications("close"), model=CloseConversation, queue=QUEUE_GROUP)
    async def on_close(command: CloseConversation) -> CommandResult:
        return await _run(runtime, lambda c, a: service.close(c, a, command, utc_now()))

    @rpc_handler(broker, subject=subj.rpc_notifications("queue"), model=ListQueue, queue=QUEUE_GROUP)
    async def on_list_queue(query: ListQueue) -> QueueListed:
        async with runtime.sessions() as session:
            return await queries.list_queue(ConversationRepository(session), query.include_closed)

    @rpc_handler(broker, subject=subj.rpc_notifications("conversation"), model=GetConversation, queue=QUEUE_GROUP)
    async def on_show(query: GetConversation) -> ConversationShown:
        async with unit_of_work(runtime.sessions) as session:
            shown = await queries.show(ConversationRepository(session), query)
            if shown.found:
                await AuditRepository(session).append(
                    actor_id=str(query.actor.consultant_id), actor_alias=query.actor.alias,
                    action="viewed", conversation_id=query.conversation_id, at=utc_now())
        return shown


