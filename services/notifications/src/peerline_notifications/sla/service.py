"""The SLA tick: read open conversations, ask the pure `decide` what is due, do it.

Each action runs in its own transaction and re-checks the row, so a second replica's tick or
a claim in between changes nothing twice. `tick` is what the loop and the tests call."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from peerline_notifications.audit.transitions import audit_transition
from peerline_notifications.deps import Deps
from peerline_notifications.domain import sla, states
from peerline_notifications.metrics import OLDEST_WAITING, QUEUE_DEPTH, REQUEUED_INACTIVE, SLA_BREACHES
from peerline_notifications.published_events import consultant_notice, conversation_event
from peerline_notifications.routing.service import route
from peerline_notifications.sla.models import THE_SCHEDULE, SlaSchedule
from peerline_notifications.sla.selfhelp import suggestions_for, while_you_wait
from peerline_notifications.storage.repository import ConversationRepository
from peerline_notifications.storage.rows import back_in_queue, snapshot_of, write_snapshot
from peerline_notifications.work import Outcome, Tx, run
from peerline_shared.events import URGENCY_ORDER, ArticleView, ConversationRequeued, OutboundMessageRequested
from peerline_shared.events import subjects as subj
from peerline_shared.events.vocabulary import is_at_least
from peerline_shared.logging import get_logger
from peerline_shared.places import emergency_values

log = get_logger()


SCHEDULE_BATCH = 1000
NEVER = datetime(9999, 1, 1, tzinfo=UTC)
"""The `due_at` of an open conversation nothing is due for until it changes."""


async def tick(deps: Deps) -> None:
    """Schedule what changed since the last tick, then act on what is due: indexed reads of
    those rows only, whatever the queue's length (the gauges are one aggregate over an index).
    With nothing changed, the tick writes nothing and takes no write lock (but for a term's
    first, which checks in one short transaction which settings the schedules were made under)."""
    now, policy = deps.clock(), deps.settings.sla_policy()
    if deps.sla_policy_scheduled != policy:
        await run(deps, lambda tx: _schedule_under(tx, policy))
        deps.sla_policy_scheduled = policy
    async with deps.readers() as session:
        changed = await ConversationRepository(session).any_unscheduled()
    # In transactions of a bounded size: other writes queue on the same lock meanwhile.
    while changed and await _schedule_some(deps, policy) == SCHEDULE_BATCH:
        pass
    async with deps.readers() as session:
        conversations = ConversationRepository(session)
        due = await conversations.list_due_watches(now)
        _update_gauges(await conversations.unclaimed_figures(), now)
    idle = []
    for watch in due:
        actions = sla.decide(watch, now, policy)
        idle += [] if actions else [watch]
        for action in actions:
            await _do(deps, watch.conversation_id, action)
    if idle:  # scheduled under other settings: look again when their moment comes
        await run(deps, lambda tx: _schedule_these(tx, policy, idle))


async def _schedule_under(tx: Tx, policy: sla.SlaPolicy) -> Outcome:
    """A new leader keeps the schedules made under settings like its own; under others, every
    open conversation is scheduled afresh (by this tick, `SCHEDULE_BATCH` at a time)."""
    wanted = sla.fingerprint(policy)
    schedule = await tx.session.get(SlaSchedule, THE_SCHEDULE)
    if schedule is None:
        tx.session.add(SlaSchedule(id=THE_SCHEDULE, policy=wanted, scheduled_at=tx.now))
    elif schedule.policy != wanted:
        schedule.policy, schedule.scheduled_at = wanted, tx.now
    else:
        return Outcome()
    log.info("sla.rescheduling_all", reason="settings changed" if schedule else "first schedule")
    await tx.conversations.unschedule_open()
    return Outcome()


async def _schedule_some(deps: Deps, policy: sla.SlaPolicy) -> int:
    """Schedule up to `SCHEDULE_BATCH` conversations changed since; returns how many."""
    scheduled = 0

    async def step(tx: Tx) -> Outcome:
        nonlocal scheduled
        # In a write transaction: nothing changes a row between its read and its `due_at`.
        watches = await tx.conversations.list_unscheduled_watches(limit=SCHEDULE_BATCH)
        scheduled = len(watches)
        # Waiting for a specialist: nothing the loop does; parked, or read again every tick.
        await tx.conversations.park_unwatched(NEVER)
        return await _schedule_these(tx, policy, watches)

    await run(deps, step)
    return scheduled


async def _schedule_these(tx: Tx, policy: sla.SlaPolicy, watches: list[sla.Watch]) -> Outcome:
    await tx.conversations.schedule(
        [(watch.conversation_id, sla.next_due(watch, policy) or NEVER) for watch in watches]
    )
    return Outcome()


async def _do(deps: Deps, conversation_id: uuid.UUID, action: sla.Action) -> None:
    if isinstance(action, sla.Route):
        await route(deps, conversation_id, level=action.level, reason=action.reason)
    elif isinstance(action, sla.MarkBreached):
        await run(deps, lambda tx: _mark_breached(tx, conversation_id))
    elif isinstance(action, sla.NotifyQueuePlace):
        articles = await suggestions_for(deps, conversation_id)
        await run(deps, lambda tx: _queue_notice(tx, deps, conversation_id, articles))
    else:
        outcome = await run(deps, lambda tx: _requeue_inactive(tx, conversation_id))
        for requeued in outcome.route:
            await route(deps, requeued, reason=outcome.route_reason)


def _update_gauges(figures: list[tuple[str, int, datetime]], now: datetime) -> None:
    depth = {urgency: count for urgency, count, _ in figures}
    for urgency in URGENCY_ORDER:
        QUEUE_DEPTH.labels(urgency).set(depth.get(urgency, 0))
    oldest = min((waiting_since for _, _, waiting_since in figures), default=None)
    OLDEST_WAITING.set((now - oldest).total_seconds() if oldest is not None else 0.0)


async def _mark_breached(tx: Tx, conversation_id: uuid.UUID) -> Outcome:
    conversation = await tx.conversations.get(conversation_id)
    if conversation is None or conversation.sla_breached or conversation.state not in states.UNCLAIMED:
        return Outcome()
    conversation.sla_breached = True
    SLA_BREACHES.labels(conversation.urgency).inc()
    log.warning(
        "sla.breached",
        conversation_id=str(conversation.id),
        urgency=conversation.urgency,
        waited_s=round((tx.now - conversation.waiting_since).total_seconds()),
    )
    return Outcome()


async def _queue_notice(
    tx: Tx, deps: Deps, conversation_id: uuid.UUID, articles: tuple[ArticleView, ...] = ()
) -> Outcome:
    conversation = await tx.conversations.get(conversation_id)
    if (
        conversation is None
        or conversation.queue_notice_sent_at is not None
        or conversation.state not in states.UNCLAIMED
    ):
        return Outcome()
    conversation.queue_notice_sent_at = tx.now
    if conversation.client_id is None:
        return Outcome()
    position = await tx.conversations.count_ahead(conversation) + 1
    text = deps.catalogue.get("queue_notice.place", conversation.lang, position=position)
    if is_at_least(conversation.urgency, "high"):
        numbers = emergency_values(conversation.client_country, conversation.lang)  # type: ignore[arg-type]
        text += "\n\n" + deps.catalogue.get("queue_notice.meanwhile_high", conversation.lang, **numbers)
    if conversation.urgency != "emergency" and (
        suggested := while_you_wait(deps.catalogue, conversation.lang, conversation.channel, articles)
    ):
        text += "\n\n" + suggested
    outbound = OutboundMessageRequested(
        client_id=conversation.client_id,
        channel=conversation.channel,  # type: ignore[arg-type]
        conversation_id=conversation.id,
        text=text,
        kind="queue_notice",
        lang=conversation.lang,
    )  # type: ignore[arg-type]
    await tx.audit.append_system(
        "auto_replied",
        conversation.id,
        tx.now,
        after={"state": conversation.state, "kind": "queue_notice", "position": position,
               "articles": [str(article.article_id) for article in articles]},
    )
    return Outcome(publish=[(outbound, subj.outbound(outbound.channel))])


async def _requeue_inactive(tx: Tx, conversation_id: uuid.UUID) -> Outcome:
    conversation = await tx.conversations.get(conversation_id)
    if conversation is None:
        return Outcome()
    decision = states.requeue_inactive(snapshot_of(conversation))
    due = conversation.reply_due_since
    if not isinstance(decision, states.Transition) or due is None:
        return Outcome()
    previous = conversation.consultant_id
    write_snapshot(conversation, decision.after, tx.now)
    back_in_queue(conversation, waiting_since=due)
    await audit_transition(tx.audit, conversation, decision, tx.now, reason="no consultant reply")
    REQUEUED_INACTIVE.inc()
    log.warning("sla.requeued_inactive", conversation_id=str(conversation.id), consultant_id=str(previous))
    published = [
        conversation_event(
            ConversationRequeued, conversation, previous_consultant_id=previous, reason="inactivity"
        )
    ]
    if previous is not None:
        published.append(
            consultant_notice(
                "requeued", [previous], conversation, summary="back in the queue: no reply in time"
            )
        )
    return Outcome(publish=published, route=[conversation.id], route_reason="requeued")
