"""Alerts from the console over NATS (`helpline.rpc.telegram.alerts.*`): thin entry points.

Every change runs in one unit of work, on a person whose actor the gateway signed; the
adapter checks the role and the two-person rule itself (service.py)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from peerline_shared.bus import BusRouter
from peerline_shared.db import snapshot, unit_of_work
from peerline_shared.events import (
    ActiveAlertsListed,
    AlertsAuditVerified,
    AlertSaved,
    AlertsListed,
    ApproveAlert,
    CancelAlert,
    DraftAlert,
    ListActiveAlerts,
    ListAlerts,
    VerifyAlertsAudit,
)
from peerline_shared.events import subjects as subj
from peerline_telegram.alerts import service
from peerline_telegram.alerts.delivery import AlertDispatcher
from peerline_telegram.alerts.repository import AlertRepository
from peerline_telegram.alerts.service import AlertRefused
from peerline_telegram.settings import TelegramSettings

QUEUE = "telegram"
router = BusRouter()
Sessions = async_sessionmaker[AsyncSession]


@router.rpc(
    subject=subj.RPC_TELEGRAM_ALERTS_DRAFT, request=DraftAlert, reply=AlertSaved, queue=QUEUE, actor=True
)
async def draft_alert(command: DraftAlert, sessions: Sessions) -> AlertSaved:
    try:
        async with unit_of_work(sessions) as session:
            return AlertSaved(alert=await service.draft(session, command, command.actor))
    except AlertRefused as refused:
        return AlertSaved(error=refused.refusal.value, detail=refused.detail)


@router.rpc(
    subject=subj.RPC_TELEGRAM_ALERTS_APPROVE, request=ApproveAlert, reply=AlertSaved, queue=QUEUE, actor=True
)
async def approve_alert(command: ApproveAlert, sessions: Sessions, alerts: AlertDispatcher) -> AlertSaved:
    try:
        async with unit_of_work(sessions) as session:
            shown = await service.approve(session, command.alert_id, command.actor)
    except AlertRefused as refused:
        return AlertSaved(error=refused.refusal.value, detail=refused.detail)
    alerts.wake.set()
    return AlertSaved(alert=shown)


@router.rpc(
    subject=subj.RPC_TELEGRAM_ALERTS_CANCEL, request=CancelAlert, reply=AlertSaved, queue=QUEUE, actor=True
)
async def cancel_alert(command: CancelAlert, sessions: Sessions) -> AlertSaved:
    try:
        async with unit_of_work(sessions) as session:
            return AlertSaved(alert=await service.cancel(session, command.alert_id, command.actor))
    except AlertRefused as refused:
        return AlertSaved(error=refused.refusal.value, detail=refused.detail)


@router.rpc(
    subject=subj.RPC_TELEGRAM_ALERTS_LIST, request=ListAlerts, reply=AlertsListed, queue=QUEUE, actor=True
)
async def list_alerts(query: ListAlerts, sessions: Sessions) -> AlertsListed:
    try:
        async with sessions() as session:
            alerts = await service.recent(session, query.actor, query.limit)
            subscribers = await AlertRepository.from_session(session).count_subscribers()
    except AlertRefused as refused:
        return AlertsListed(error=refused.refusal.value)
    return AlertsListed(alerts=tuple(alerts), subscribers=subscribers)


@router.rpc(
    subject=subj.RPC_TELEGRAM_ALERTS_AUDIT, request=VerifyAlertsAudit, reply=AlertsAuditVerified, queue=QUEUE,
    actor=True,
)
async def alerts_audit(query: VerifyAlertsAudit, sessions: Sessions) -> AlertsAuditVerified:
    try:
        async with snapshot(sessions) as session:  # the chain as of one instant, its head included
            return await service.audit_state(session, query.actor)
    except AlertRefused as refused:
        return AlertsAuditVerified(error=refused.refusal.value)


@router.rpc(
    subject=subj.RPC_TELEGRAM_ALERTS_ACTIVE, request=ListActiveAlerts, reply=ActiveAlertsListed, queue=QUEUE
)
async def active_alerts(
    _: ListActiveAlerts, sessions: Sessions, settings: TelegramSettings
) -> ActiveAlertsListed:
    async with sessions() as session:
        alerts = await service.active(session, within=timedelta(hours=settings.alert_banner_hours))
    return ActiveAlertsListed(alerts=tuple(alerts))
