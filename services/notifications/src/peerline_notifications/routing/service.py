"""Routing: ask the directory, decide the circle (domain/routing.py), record the offer.

The directory call happens outside any transaction. When it does not answer, the
conversation stays queued and the SLA loop retries it (`route_attempted_at`)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

from peerline_notifications.audit.transitions import audit_transition
from peerline_notifications.deps import Deps
from peerline_notifications.domain import states
from peerline_notifications.domain.notices import Notice
from peerline_notifications.domain.routing import Eligible, OfferPlan, plan_offer
from peerline_notifications.domain.visibility import ids_in
from peerline_notifications.metrics import ESCALATIONS, ROUTING_DEFERRED
from peerline_notifications.published_events import consultant_notice, conversation_event
from peerline_notifications.storage.models import Conversation
from peerline_notifications.storage.repository import ConversationRepository
from peerline_notifications.storage.rows import snapshot_of, write_snapshot
from peerline_notifications.work import Outcome, Tx, run
from peerline_shared.events import (
    Candidate,
    ConversationEscalated,
    ConversationOffered,
    FindCandidates,
    OutboundMessageRequested,
)
from peerline_shared.events import subjects as subj
from peerline_shared.logging import get_logger
from peerline_shared.places import emergency_values

log = get_logger()


def eligible(people: Sequence[Candidate]) -> list[Eligible]:
    return [Eligible(p.consultant_id, p.alias, p.role, p.load, p.capacity) for p in people]


Routing = tuple[uuid.UUID, str]
"""A conversation to route and why (`new`, `reopened`, `urgency_raised`, `escalation`, …)."""


async def route(
    deps: Deps, conversation_id: uuid.UUID, *, level: int | None = None, reason: str = "new"
) -> None:
    await route_many(deps, [(conversation_id, reason)], level=level)


async def route_many(deps: Deps, routings: Sequence[Routing], *, level: int | None = None) -> None:
    """Route several conversations with one read, one directory question per distinct
    (language, topics, urgency, client's country), asked concurrently, and one write transaction."""
    async with deps.readers() as session:
        found = await ConversationRepository(session).list_by_ids([c for c, _ in routings])
    waiting = [
        (found[conversation_id], reason)
        for conversation_id, reason in routings
        if conversation_id in found and found[conversation_id].state in states.UNCLAIMED
        and found[conversation_id].specialist_kind is None  # waits in its specialists' queue
    ]
    if not waiting:
        return
    now = deps.clock()
    queries = {_question_key(c): _question(c, now) for c, _ in waiting}
    answers = dict(
        zip(queries, await asyncio.gather(*(deps.directory.find(q) for q in queries.values())), strict=True)
    )
    offers: list[tuple[uuid.UUID, OfferPlan, int, str]] = []
    unanswered: list[uuid.UUID] = []
    for conversation, reason in waiting:
        answer = answers[_question_key(conversation)]
        if answer is None:
            log.warning(
                "routing.deferred", conversation_id=str(conversation.id), reason_kind="directory_unavailable"
            )
            unanswered.append(conversation.id)
            continue
        deps.capacities.learn(answer)
        chosen = conversation.escalation_level if level is None else level
        people, supervisors = eligible(answer.candidates), eligible(answer.supervisors)
        plan = plan_offer(conversation.urgency, chosen, people, supervisors, answer.on_call)
        offers.append((conversation.id, plan, chosen, reason))
    await run(deps, lambda tx: _record(tx, deps, offers, unanswered), short=True)


def _question_key(conversation: Conversation) -> tuple[str, tuple[str, ...], str, str | None]:
    return conversation.lang, tuple(conversation.topics), conversation.urgency, conversation.client_country


def _question(conversation: Conversation, now: datetime) -> FindCandidates:
    return FindCandidates(
        lang=conversation.lang,
        topics=tuple(conversation.topics),  # type: ignore[arg-type]
        urgency=conversation.urgency,
        # Where the client said they are: the directory ranks those who serve it first.
        country=conversation.client_country,
        at=now,
    )  # type: ignore[arg-type]


async def _record(
    tx: Tx, deps: Deps, offers: list[tuple[uuid.UUID, OfferPlan, int, str]], unanswered: list[uuid.UUID]
) -> Outcome:
    outcome = Outcome()
    await tx.conversations.list_by_ids([*unanswered, *(offer[0] for offer in offers)])
    for conversation_id in unanswered:
        await _mark_attempted(tx, conversation_id)
    for conversation_id, plan, level, reason in offers:
        outcome.merge(await apply_offer(tx, deps, conversation_id, plan, level, reason))
    return outcome


async def _mark_attempted(tx: Tx, conversation_id: uuid.UUID) -> Outcome:
    conversation = await tx.conversations.get(conversation_id)
    if conversation is not None:
        conversation.route_attempted_at = tx.now
    return Outcome()


def _stale(conversation: Conversation, level: int, reason: str) -> bool:
    """Someone already did this: a claim, another replica, the SLA loop, a redelivery."""
    if conversation.state not in states.UNCLAIMED:
        return True
    if reason == "escalation":
        return conversation.escalation_level >= level
    if reason == "urgency_raised":
        return False
    return conversation.last_offered_at is not None  # new, retry, requeued, transfer


async def apply_offer(
    tx: Tx, deps: Deps, conversation_id: uuid.UUID, plan: OfferPlan, level: int, reason: str
) -> Outcome:
    conversation = await tx.conversations.get(conversation_id)
    if conversation is None or _stale(conversation, level, reason):
        return Outcome()
    conversation.route_attempted_at = tx.now
    if not plan.targets:
        conversation.escalation_level = max(conversation.escalation_level, level)
        ROUTING_DEFERRED.labels("nobody_on_shift" if plan.nobody_on_shift else "no_candidate").inc()
        log.info("routing.nobody", conversation_id=str(conversation.id), nobody_on_shift=plan.nobody_on_shift)
        if not plan.nobody_on_shift:
            return Outcome()
        outcome = await _after_hours(tx, deps, conversation)
        # Those on call are DMed below: they may open it without a break-glass reason.
        conversation.offered_to = [str(i) for i in plan.need_to_know(sorted(ids_in(conversation.offered_to)))]
        if conversation.urgency == "emergency":
            # Meant for nobody on shift: consultants who chose "emergencies at any time" get
            # it on Telegram (the directory picks them); repeated on every retry until claimed.
            outcome.publish.append(consultant_notice(
                "emergency", (), conversation, summary="emergency: nobody on shift"))
        return outcome
    escalating = reason == "escalation"
    decision = states.offer(snapshot_of(conversation), action="escalated" if escalating else "offered")
    if not isinstance(decision, states.Transition):
        return Outcome()
    write_snapshot(conversation, decision.after, tx.now)
    conversation.offered_to = [str(target) for target in plan.need_to_know()]
    conversation.escalation_level, conversation.last_offered_at = level, tx.now
    await audit_transition(
        tx.audit, conversation, decision, tx.now, level=level, offered_to=conversation.offered_to
    )
    return _announce(tx, conversation, plan, level, reason)


def _announce(tx: Tx, conversation: Conversation, plan: OfferPlan, level: int, reason: str) -> Outcome:
    outcome = Outcome(
        publish=[
            conversation_event(
                ConversationOffered, conversation, offered_to=plan.targets, escalation_level=level
            )
        ]
    )
    if reason == "escalation":
        ESCALATIONS.labels(conversation.urgency, str(level)).inc()
        waited = (tx.now - conversation.waiting_since).total_seconds()
        outcome.publish.append(
            conversation_event(
                ConversationEscalated,
                conversation,
                escalation_level=level,
                waited_seconds=waited,
                offered_to=plan.targets,
            )
        )
        log.warning(
            "sla.escalated",
            conversation_id=str(conversation.id),
            urgency=conversation.urgency,
            level=level,
            waited_s=round(waited),
            offered_count=len(plan.targets),
        )
    if plan.immediate:
        outcome.publish.append(
            consultant_notice(
                plan.notice_kind,
                plan.targets,
                conversation,
                repeat=level,
                summary="emergency: claim it or make sure someone has",
            )
        )
    else:
        outcome.notices.append(Notice(plan.targets, plan.notice_kind, conversation.id, conversation.urgency,
                                      tuple(conversation.topics), conversation.lang,
                                      conversation.waiting_since))
    return outcome


async def _after_hours(tx: Tx, deps: Deps, conversation: Conversation) -> Outcome:
    """Nobody on shift: tell the client the hours and emergency numbers (not too often)."""
    repeat = timedelta(seconds=deps.settings.after_hours_repeat_s)
    sent = conversation.after_hours_sent_at
    if conversation.client_id is None or (sent is not None and tx.now - sent < repeat):
        return Outcome()
    conversation.after_hours_sent_at = tx.now
    numbers = emergency_values(conversation.client_country, conversation.lang)  # type: ignore[arg-type]
    text = deps.catalogue.get(
        "after_hours.text", conversation.lang, hours=deps.settings.service_hours, **numbers
    )
    outbound = OutboundMessageRequested(
        client_id=conversation.client_id,
        channel=conversation.channel,  # type: ignore[arg-type]
        conversation_id=conversation.id,
        text=text,
        kind="after_hours",
        lang=conversation.lang,
    )  # type: ignore[arg-type]
    await tx.audit.append_system(
        "auto_replied", conversation.id, tx.now, after={"state": conversation.state, "kind": "after_hours"}
    )
    return Outcome(publish=[(outbound, subj.outbound(outbound.channel))])


async def find_person(
    deps: Deps, conversation: Conversation, consultant_id: uuid.UUID
) -> tuple[bool, Candidate | None]:
    """(did the directory answer, the transfer target if they are on shift for this language)."""
    query = FindCandidates(
        lang=conversation.lang,
        topics=tuple(conversation.topics),  # type: ignore[arg-type]
        urgency=conversation.urgency,
        country=conversation.client_country,
        at=deps.clock(),
    )  # type: ignore[arg-type]
    found = await deps.directory.find(query)
    if found is None:
        return False, None
    deps.capacities.learn(found)
    people = (*found.candidates, *found.supervisors)
    return True, next((p for p in people if p.consultant_id == consultant_id), None)
