"""Decisions about alerts and subscriptions; the entry point owns the transaction."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from peerline_shared.events import (
    ActiveAlert,
    Actor,
    AlertProgress,
    AlertsAuditVerified,
    AlertTexts,
    AlertView,
    DraftAlert,
    utc_now,
)
from peerline_shared.events.alerts import MAX_AUDIT_PROBLEMS_SHOWN
from peerline_shared.events.vocabulary import LANGS, SUPERVISING_ROLES
from peerline_shared.logging import get_logger
from peerline_telegram.alerts import audit, domain
from peerline_telegram.alerts.domain import Delivery, Place, Refusal, Status, Target
from peerline_telegram.alerts.models import Alert, AlertDelivery, AlertSubscription
from peerline_telegram.alerts.repository import AlertRepository

log = get_logger()


class AlertRefused(Exception):
    def __init__(self, refusal: Refusal, detail: str = "") -> None:
        super().__init__(detail or refusal.value)
        self.refusal, self.detail = refusal, detail


# subscriptions


async def subscribe(session: AsyncSession, *, client_id: str, place: Place, lang: str) -> None:
    if not domain.is_subscribable(place.country, place.region):
        raise AlertRefused(Refusal.INVALID, "unknown place")
    await AlertRepository.from_session(session).save_subscription(
        AlertSubscription(
            client_id=client_id, country=place.country, region=place.region, lang=lang, created_at=utc_now()
        )
    )
    log.info("telegram.alerts_subscribed", lang=lang)


async def subscription_of(session: AsyncSession, *, client_id: str) -> AlertSubscription | None:
    return await AlertRepository.from_session(session).get_subscription(client_id=client_id)


async def follow_language(session: AsyncSession, *, client_id: str, lang: str) -> None:
    """Alerts come in the language the client reads the bot in."""
    found = await AlertRepository.from_session(session).get_subscription(client_id=client_id)
    if found is not None:
        found.lang = lang


async def unsubscribe(session: AsyncSession, *, client_id: str) -> bool:
    stopped = await AlertRepository.from_session(session).delete_subscription(client_id=client_id)
    log.info("telegram.alerts_unsubscribed", had_subscription=stopped)
    return stopped


async def forget(session: AsyncSession, *, client_id: str) -> None:
    """Forget me: no subscription, and no delivery record names the client any more."""
    repository = AlertRepository.from_session(session)
    await repository.delete_subscription(client_id=client_id)
    await repository.delete_deliveries_of(client_id=client_id)


# alerts


async def draft(session: AsyncSession, command: DraftAlert, actor: Actor) -> AlertView:
    if not domain.may_draft(actor.role):
        raise AlertRefused(Refusal.FORBIDDEN, "needs the supervisor role")
    texts = command.texts.model_dump(exclude_none=True)
    if problem := domain.target_problem(Target(command.country, command.region), texts):
        raise AlertRefused(Refusal.INVALID, problem)
    now = utc_now()
    alert = await AlertRepository.from_session(session).create(
        Alert(
            id=command.event_id,
            status=Status.DRAFT,
            country=command.country,
            region=command.region,
            texts=texts,
            drafted_by=actor.consultant_id,
            drafted_alias=actor.alias,
            drafted_at=now,
        )
    )
    await _audit(
        session,
        alert.id,
        "drafted",
        actor,
        now,
        {"country": command.country, "region": command.region, "langs": sorted(texts)},
    )
    return view(alert, AlertProgress())


async def approve(session: AsyncSession, alert_id: uuid.UUID, actor: Actor) -> AlertView:
    """The second person's approval: the audience is fixed now, one delivery record each."""
    repository = AlertRepository.from_session(session)
    alert = await _existing(repository, alert_id)
    refusal = domain.approval_refusal(
        role=actor.role, approver=actor.consultant_id, drafter=alert.drafted_by, status=alert.status
    )
    if refusal is not None:
        log.warning("telegram.alert_approval_refused", alert_id=str(alert_id), reason=refusal.value)
        raise AlertRefused(refusal)
    if not await repository.start_sending(alert_id=alert.id):
        raise AlertRefused(Refusal.NOT_A_DRAFT)
    await session.refresh(alert)
    now = utc_now()
    target = Target(alert.country, alert.region)
    audience = [
        each
        for each in await repository.list_subscribers(country=alert.country, langs=list(alert.texts))
        if domain.reaches(target, Place(each.country, each.region))
    ]
    await repository.add_deliveries(
        [
            AlertDelivery(
                alert_id=alert.id,
                client_id=each.client_id,
                lang=each.lang,
                status=Delivery.PENDING,
                updated_at=now,
            )
            for each in audience
        ]
    )
    alert.status, alert.approved_by, alert.approved_alias, alert.approved_at = (
        Status.SENDING,
        actor.consultant_id,
        actor.alias,
        now,
    )
    await _audit(session, alert.id, "approved", actor, now, {"audience": len(audience)})
    return view(alert, AlertProgress(total=len(audience), remaining=len(audience)))


async def cancel(session: AsyncSession, alert_id: uuid.UUID, actor: Actor) -> AlertView:
    repository = AlertRepository.from_session(session)
    alert = await _existing(repository, alert_id)
    if actor.role not in SUPERVISING_ROLES:
        raise AlertRefused(Refusal.FORBIDDEN)
    if alert.status not in (Status.DRAFT, Status.SENDING):
        raise AlertRefused(Refusal.NOT_A_DRAFT, "already finished")
    now = utc_now()
    await repository.cancel_pending(alert_id=alert.id, at=now)
    alert.status, alert.cancelled_alias, alert.finished_at = Status.CANCELLED, actor.alias, now
    await _audit(session, alert.id, "cancelled", actor, now, {})
    return await shown(session, alert)


async def recent(session: AsyncSession, actor: Actor, limit: int) -> list[AlertView]:
    if actor.role not in SUPERVISING_ROLES:
        raise AlertRefused(Refusal.FORBIDDEN)
    return [
        await shown(session, alert)
        for alert in await AlertRepository.from_session(session).list_recent(limit=limit)
    ]


async def audit_state(session: AsyncSession, actor: Actor) -> AlertsAuditVerified:
    """The alerts' audit chain checked as `peerline telegram alerts audit verify` checks it."""
    if actor.role not in SUPERVISING_ROLES:
        raise AlertRefused(Refusal.FORBIDDEN)
    records, problems = await audit.verify(session)
    shown = tuple(str(problem) for problem in problems[:MAX_AUDIT_PROBLEMS_SHOWN])
    return AlertsAuditVerified(records=records, chain_ok=not problems, problems=shown,
                               more_problems=len(problems) - len(shown))


async def active(session: AsyncSession, *, within: timedelta) -> list[ActiveAlert]:
    alerts = await AlertRepository.from_session(session).list_approved_since(since=utc_now() - within)
    return [
        ActiveAlert(
            alert_id=alert.id,
            country=alert.country,
            region=alert.region,
            texts=AlertTexts(**alert.texts),
            approved_at=alert.approved_at,
        )
        for alert in alerts
        if alert.approved_at is not None
    ]


async def shown(session: AsyncSession, alert: Alert) -> AlertView:
    tally = domain.counts(await AlertRepository.from_session(session).delivery_counts(alert_id=alert.id))
    return view(
        alert,
        AlertProgress(
            total=tally.total,
            sent=tally.sent,
            failed=tally.failed,
            uncertain=tally.uncertain,
            remaining=tally.remaining,
        ),
    )


def view(alert: Alert, progress: AlertProgress) -> AlertView:
    return AlertView(
        alert_id=alert.id,
        status=alert.status,
        country=alert.country,
        region=alert.region,
        texts=AlertTexts(**{lang: alert.texts.get(lang) for lang in LANGS}),
        drafted_by=alert.drafted_alias,
        drafted_at=alert.drafted_at,
        approved_by=alert.approved_alias,
        approved_at=alert.approved_at,
        finished_at=alert.finished_at,
        progress=progress,
    )


async def _existing(repository: AlertRepository, alert_id: uuid.UUID) -> Alert:
    alert = await repository.get(alert_id=alert_id)
    if alert is None:
        raise AlertRefused(Refusal.NOT_FOUND)
    return alert


async def _audit(
    session: AsyncSession,
    alert_id: uuid.UUID,
    action: str,
    actor: Actor | None,
    at: datetime,
    detail: dict[str, Any],
) -> None:
    alias = actor.alias if actor else "system"
    await audit.append(
        session,
        alert_id=alert_id,
        action=action,
        actor_id=actor.consultant_id if actor else None,
        actor_alias=alias,
        at=at,
        detail=detail,
    )
    log.info(
        "telegram.alert_audit",
        alert_id=str(alert_id),
        action=action,
        consultant_id=str(actor.consultant_id) if actor else None,
    )


async def audit_finished(session: AsyncSession, alert: Alert, at: datetime, counts: dict[str, int]) -> None:
    await _audit(session, alert.id, "finished", None, at, counts)
