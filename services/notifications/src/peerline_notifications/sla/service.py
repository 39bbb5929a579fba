"""The SLA tick: read open conversations, ask the pure `decide` what is due, do it.

Each action runs in its own transaction and re-checks the row, so a second replica's tick or
a claim in between changes nothing twice. `tick` is what the loop and the tests call."""

from __future__ import annotations

import uuid
from datetime import datetime

from peerline_notifications.audit.transitions import audit_transition
from peerline_notifications.deps import Deps
from peerline_notifications.domain import sla, states
from peerline_notifications.metrics import OLDEST_WAITING, QUEUE_DEPTH, REQUEUED_INACTIVE, SLA_BREACHES
from peerline_notifications.published_events import consultant_notice, conversation_event
from peerline_notifications.routing.service import route
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


async def tick(deps: Deps) -> None:
    now, policy = deps.clock(), deps.settings.sla_policy()
    async with deps.readers() as session:
        watches = await ConversationRepository(session).list_open_watches()
    unclaimed = [watch for watch in watches if watch.state in states.UNCLAIMED]
    _update_gauges(unclaimed, now)
    positions = sla.queue_positions((w.conversation_id, w.urgency, w.waiting_since) for w in unclaimed)
    for watch in watches:
        for action in sla.decide(watch, now, policy):
            await _do(deps, watch.conversation_id, action, positions.get(watch.conversation_id, 1))


async def _do(deps: Deps, conversation_id: uuid.UUID, action: sla.Action, position: int) -> None:
    if isinstance(action, sla.Route):
        await route(deps, conversation_id, level=action.level, reason=action.reason)
    elif isinstance(action, sla.MarkBreached):
        await run(deps, lambda tx: _mark_breached(tx, conversation_id))
    elif isinstance(action, sla.NotifyQueuePlace):
        articles = await suggestions_for(deps, conversation_id)
        await run(deps, lambda tx: _queue_notice(tx, deps, conversation_id, position, articles))
    else:
        outcome = await run(deps, lambda tx: _requeue_inactive(tx, conversation_id))
        for requeued in outcome.route:
            await route(deps, requeued, reason=outcome.route_reason)


def _update_gauges(unclaimed: list[sla.Watch], now: datetime) -> None:
    figures = sla.queue_figures(unclaimed, now)
    for urgency in URGENCY_ORDER:
        QUEUE_DEPTH.labels(urgency).set(figures.depth_by_urgency.get(urgency, 0))
    OLDEST_WAITING.set(figures.oldest_waiting_seconds)


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
    tx: Tx, deps: Deps, conversation_id: uuid.UUID, position: int, articles: tuple[ArticleView, ...] = ()
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
