"""Supervisor API: queue statistics, triage corrections and the audit log (each read is
recorded by notifications, with the supervisor as its actor)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query

from peerline_gateway.console.auth import Supervisor
from peerline_gateway.console.rpc import Notifications
from peerline_shared.events import (
    AuditPage,
    GetQueueStats,
    GetTriageCorrectionStats,
    QueryAudit,
    QueueStats,
    TriageCorrectionStats,
    utc_now,
)
from peerline_shared.events import subjects as subj

router = APIRouter(prefix="/console/api", tags=["console"])


@router.get("/stats")
async def stats(session: Supervisor, notifications: Notifications) -> dict[str, Any]:
    query = GetQueueStats(actor=session.actor())
    shown = await notifications.ask(
        subj.rpc_notifications("stats"), query, QueueStats, what="queue statistics"
    )
    return shown.model_dump(mode="json")


@router.get("/corrections")
async def corrections(
    session: Supervisor, notifications: Notifications, days: Annotated[int, Query(ge=1, le=365)] = 7
) -> dict[str, Any]:
    until = utc_now()
    query = GetTriageCorrectionStats(actor=session.actor(), since=until - timedelta(days=days), until=until)
    subject = subj.rpc_notifications("correction_stats")
    shown = await notifications.ask(subject, query, TriageCorrectionStats, what="triage corrections")
    return shown.model_dump(mode="json")


@router.get("/audit")
async def audit(
    session: Supervisor,
    notifications: Notifications,
    consultant_id: Annotated[str | None, Query(max_length=64)] = None,
    conversation_id: uuid.UUID | None = None,
    action: Annotated[str | None, Query(max_length=40)] = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    query = QueryAudit(
        actor=session.actor(),
        consultant_id=consultant_id or None,
        conversation_id=conversation_id,
        action=action or None,
        since=since,
        until=until,
        limit=limit,
    )
    page = await notifications.ask(subj.rpc_notifications("audit"), query, AuditPage, what="audit log")
    return page.model_dump(mode="json")
