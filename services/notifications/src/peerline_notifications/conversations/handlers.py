"""Entry points of conversations: the triaged messages, the consoles' commands and queries.
Parse, run one unit of work, reply; routing runs after the commit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from peerline_notifications import write_locks
from peerline_notifications.audit.repository import AuditRepository
from peerline_notifications.conversations import commands, queries, reading, referrals, service
from peerline_notifications.deps import Deps
from peerline_notifications.domain.specialists import roughly_when
from peerline_notifications.domain.states import Person
from peerline_notifications.metrics import QUEUE_PAGE_SECONDS
from peerline_notifications.routing.service import Routing, find_person, route, route_many
from peerline_notifications.storage.repository import ConversationRepository
from peerline_notifications.work import Outcome, Step, Tx, run
from peerline_shared.bus import BusRouter, Setting
from peerline_shared.db import snapshot, unit_of_work
from peerline_shared.events import (
    AddNote,
    AuditPage,
    ClaimConversation,
    CloseConversation,
    CommandResult,
    ConversationShown,
    GetConversation,
    GetQueueStats,
    ListQueue,
    ListSpecialists,
    MessageTriaged,
    QueryAudit,
    QueueListed,
    QueueStats,
    ReferToSpecialist,
    ReplyToClient,
    TransferConversation,
)
from peerline_shared.events import subjects as subj
from peerline_shared.logging import get_logger, log_context

log = get_logger()
TRIAGED_CONSUMER = "notifications-triaged"
QUEUE_GROUP = "notifications"
router = BusRouter()


async def command(deps: Deps, step: Step) -> CommandResult:
    outcome = await run(deps, step, short=True)
    for conversation_id in outcome.route:
        await route(deps, conversation_id, reason=outcome.route_reason)
    return outcome.result or CommandResult(ok=True)


async def on_triaged(deps: Deps, event: MessageTriaged) -> None:
    await on_triaged_batch(deps, [event])


async def on_triaged_batch(
    deps: Deps, events: Sequence[MessageTriaged], *, publish_in_background: bool = False
) -> None:
    """Apply the triaged messages in arrival order in one transaction (one commit; the clients'
    locks, not every write's), publish what they caused at once, then route the conversations
    that need it."""
    reopen_window = timedelta(hours=deps.settings.reopen_window_hours)
    zone = deps.settings.report_zone()
    routings: list[Routing] = []

    async def step(tx: Tx) -> Outcome:
        merged = Outcome()
        new = await tx.inbox.record_new(TRIAGED_CONSUMER, [event.event_id for event in events], tx.now)
        await tx.rows.preload_latest_for_clients([e.client_id for e in events if e.event_id in new])
        # The conversations are plain rows (`tx.rows`), not ORM objects: nothing to autoflush,
        # and their changes go in one UPDATE when the step is done (`work.commit`).
        for event in events:
            if event.event_id not in new:
                continue  # a redelivery, or the same event twice in this batch
            new.discard(event.event_id)
            outcome = await service.receive_triaged(tx, event, reopen_window, zone=zone)
            merged.merge(outcome)
            routings.extend(routing for routing in outcome.routes() if routing not in routings)
        return merged

    scope = write_locks.clients(event.client_id for event in events)  # not every write: `write_locks`
    await run(deps, step, publish_in_background=publish_in_background, scope=scope, short=True)
    if routings:
        # Routing waits for the directory (up to its timeout): not while holding the events.
        deps.spawn(route_many(deps, routings))


async def on_transfer(deps: Deps, request: TransferConversation) -> CommandResult:
    target: Person | None = None
    capacity = deps.settings.default_capacity
    if request.to_consultant_id is not None:
        async with deps.readers() as session:
            conversation = await ConversationRepository(session).get(request.conversation_id)
        if conversation is None:
            return commands.NOT_FOUND
        answered, found = await find_person(deps, conversation, request.to_consultant_id)
        if not answered:
            return CommandResult(ok=False, error="directory_unavailable", detail="try again in a moment")
        if found is None:
            return CommandResult(ok=False, error="not_available", detail="that consultant is not on shift")
        target, capacity = Person(found.consultant_id, found.alias, found.role), found.capacity
    return await command(deps, lambda tx: commands.transfer(tx, request, target, capacity))


async def on_claim(deps: Deps, request: ClaimConversation) -> CommandResult:
    """A referred conversation goes to a specialist of its kind, on shift or not; any other
    is claimed within the claimer's capacity."""
    async with deps.readers() as session:
        conversation = await ConversationRepository(session).get(request.conversation_id)
    kind = conversation.specialist_kind if conversation is not None else None
    if kind is None:
        capacity = deps.capacities.of(request.actor.consultant_id)
        return await command(deps, lambda tx: commands.claim(tx, request, capacity))
    mine = ListSpecialists(kind=kind, consultant_id=request.actor.consultant_id)
    found = await deps.directory.specialists(mine)
    if found is None:
        return CommandResult(ok=False, error="directory_unavailable", detail="try again in a moment")
    is_specialist = bool(found.specialists)
    return await command(deps, lambda tx: referrals.claim_referred(tx, request, is_specialist=is_specialist))


async def on_refer(deps: Deps, request: ReferToSpecialist) -> CommandResult:
    """Ask the directory who answers for the kind and when, then refer in one unit of work."""
    found = await deps.directory.specialists(ListSpecialists(kind=request.kind))
    if found is None:
        return CommandResult(ok=False, error="directory_unavailable", detail="try again in a moment")
    if request.kind not in {kind.key for kind in found.kinds}:
        return CommandResult(ok=False, error="unknown_kind", detail=f"no specialist kind {request.kind!r}")
    estimate = roughly_when(deps.clock(), (person.next_available_at for person in found.specialists))
    me = request.actor.consultant_id
    ids = [person.consultant_id for person in found.specialists if person.consultant_id != me]
    return await command(deps, lambda tx: referrals.refer(
        tx, request, specialist_ids=ids, estimate=estimate, catalogue=deps.catalogue))


async def on_view(deps: Deps, query: GetConversation) -> ConversationShown:
    return await reading.view(deps, query)


# One transaction for the events in flight (one set of locks, one commit): a
# transaction per event cost about 10 ms of CPU, a batch of 16 about 1.7 ms an event.
# Acked once committed; what they caused is published from the outbox meanwhile.
@router.consume_batch(subject=subj.TRIAGED, durable=TRIAGED_CONSUMER, model=MessageTriaged,
                      max_batch=Setting("triaged_batch_max"), ack_wait_s=Setting("consumer_ack_wait_s"),
                      linger_s=Setting("triaged_linger_s"))
async def triaged(events: Sequence[MessageTriaged], deps: Deps) -> None:
    await on_triaged_batch(deps, events, publish_in_background=True)


@router.rpc(subject=subj.rpc_notifications("claim"), request=ClaimConversation, reply=CommandResult,
            queue=QUEUE_GROUP, actor=True)
async def claim(request: ClaimConversation, deps: Deps) -> CommandResult:
    with log_context(
        conversation_id=str(request.conversation_id), consultant_id=str(request.actor.consultant_id)
    ):
        return await on_claim(deps, request)


@router.rpc(subject=subj.rpc_notifications("reply"), request=ReplyToClient, reply=CommandResult,
            queue=QUEUE_GROUP, actor=True)
async def reply(request: ReplyToClient, deps: Deps) -> CommandResult:
    return await command(deps, lambda tx: commands.reply(tx, request))


@router.rpc(subject=subj.rpc_notifications("note"), request=AddNote, reply=CommandResult, queue=QUEUE_GROUP,
            actor=True)
async def note(request: AddNote, deps: Deps) -> CommandResult:
    return await command(deps, lambda tx: commands.add_note(tx, request))


@router.rpc(subject=subj.rpc_notifications("close"), request=CloseConversation, reply=CommandResult,
            queue=QUEUE_GROUP, actor=True)
async def close(request: CloseConversation, deps: Deps) -> CommandResult:
    return await command(deps, lambda tx: commands.close(tx, request))


@router.rpc(subject=subj.rpc_notifications("transfer"), request=TransferConversation, reply=CommandResult,
            queue=QUEUE_GROUP, actor=True)
async def transfer(request: TransferConversation, deps: Deps) -> CommandResult:
    return await on_transfer(deps, request)


@router.rpc(subject=subj.rpc_notifications("refer"), request=ReferToSpecialist, reply=CommandResult,
            queue=QUEUE_GROUP, actor=True)
async def refer(request: ReferToSpecialist, deps: Deps) -> CommandResult:
    with log_context(
        conversation_id=str(request.conversation_id), consultant_id=str(request.actor.consultant_id)
    ):
        return await on_refer(deps, request)


@router.rpc(subject=subj.rpc_notifications("queue"), request=ListQueue, reply=QueueListed, queue=QUEUE_GROUP,
            actor=True)
async def list_queue(query: ListQueue, deps: Deps) -> QueueListed:
    with QUEUE_PAGE_SECONDS.time():
        return await reading.queue_for(deps, query)


@router.rpc(subject=subj.rpc_notifications("conversation"), request=GetConversation, reply=ConversationShown,
            queue=QUEUE_GROUP, actor=True)
async def show(query: GetConversation, deps: Deps) -> ConversationShown:
    return await on_view(deps, query)


@router.rpc(subject=subj.rpc_notifications("stats"), request=GetQueueStats, reply=QueueStats,
            queue=QUEUE_GROUP, actor=True)
async def stats(query: GetQueueStats, deps: Deps) -> QueueStats:
    async with deps.readers() as session:
        return await queries.queue_stats(ConversationRepository(session), deps.clock())


@router.rpc(subject=subj.rpc_notifications("audit"), request=QueryAudit, reply=AuditPage, queue=QUEUE_GROUP,
            actor=True)
async def audit(query: QueryAudit, deps: Deps) -> AuditPage:
    # The entries shown, the head and the records checked, as of one instant: retention's
    # pruning between two reads would otherwise look like records missing from the chain.
    async with snapshot(deps.readers) as session:
        page, verified = await queries.audit_page(session, query)
    if verified is not None:
        async with deps.writes, unit_of_work(deps.sessions) as session:
            await AuditRepository(session).save_checkpoint(verified, deps.clock())
    return page
