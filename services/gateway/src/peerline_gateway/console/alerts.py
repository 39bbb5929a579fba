"""Bad-batch alerts in the console (supervisors): draft, approve as a second person, follow.

The Telegram adapter owns alerts and their subscribers: every action is a request on
`helpline.rpc.telegram.alerts.*` with the signed-in supervisor's signed actor, and the adapter
checks the role and that the approver is not the drafter. The page asks for progress every
second while an alert is being sent (console/alerts.js), and shows whether the alerts' audit
chain is intact (`VerifyAlertsAudit`, checked by the adapter)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from peerline_gateway.console import deps as console_deps
from peerline_gateway.console.auth import SessionCookie, Supervisor, SupervisorChanger
from peerline_gateway.console.pages import CONSOLE_TEXTS, console_page, supervises
from peerline_gateway.console.rpc import Telegram
from peerline_shared.events import (
    AlertsAuditVerified,
    AlertSaved,
    AlertsListed,
    AlertTexts,
    ApproveAlert,
    CancelAlert,
    DraftAlert,
    ListAlerts,
    VerifyAlertsAudit,
)
from peerline_shared.events import subjects as subj
from peerline_shared.places import COUNTRIES, UKRAINE_OBLASTS

router = APIRouter(prefix="/console", tags=["console"])
ALERT_TEXTS = (*CONSOLE_TEXTS, "alerts.")
STATUS_OF_ERROR = {"forbidden": 403, "same_person": 403, "not_found": 404, "not_a_draft": 409, "invalid": 422}
WHAT = "alerts"


class NewAlert(BaseModel):
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    region: str | None = Field(default=None, pattern=r"^[A-Z]{2}-[0-9A-Z]{1,3}$")
    texts: AlertTexts


def answer(reply: AlertSaved | AlertsListed | AlertsAuditVerified) -> Response:
    body: dict[str, Any] = reply.model_dump(
        mode="json", exclude={"type", "schema_version", "event_id", "occurred_at", "trace_id"}
    )
    body["ok"] = reply.error is None
    return JSONResponse(
        body, status_code=200 if reply.error is None else STATUS_OF_ERROR.get(reply.error, 400)
    )


@router.get("/alerts", include_in_schema=False)
async def alerts_page(
    request: Request, store: console_deps.Sessions, peerline_console: SessionCookie = None
) -> Response:
    return await console_page(
        request,
        "alerts.html",
        store,
        peerline_console,
        ALERT_TEXTS,
        shown_to=supervises,
        countries=COUNTRIES,
        oblasts=UKRAINE_OBLASTS,
    )


@router.get("/api/alerts")
async def list_alerts(session: Supervisor, telegram: Telegram) -> Response:
    query = ListAlerts(actor=session.actor())
    return answer(await telegram.ask(subj.RPC_TELEGRAM_ALERTS_LIST, query, AlertsListed, what=WHAT))


@router.get("/api/alerts/audit")
async def alerts_audit(session: Supervisor, telegram: Telegram) -> Response:
    """The alerts' audit chain as the adapter checks it (it owns the records; the gateway
    cannot read its database), shown beside the alerts as the posts' chain is beside posts."""
    query = VerifyAlertsAudit(actor=session.actor())
    return answer(await telegram.ask(subj.RPC_TELEGRAM_ALERTS_AUDIT, query, AlertsAuditVerified, what=WHAT))


@router.post("/api/alerts")
async def draft_alert(body: NewAlert, session: SupervisorChanger, telegram: Telegram) -> Response:
    command = DraftAlert(actor=session.actor(), country=body.country, region=body.region, texts=body.texts)
    return answer(await telegram.ask(subj.RPC_TELEGRAM_ALERTS_DRAFT, command, AlertSaved, what=WHAT))


@router.post("/api/alerts/{alert_id}/approve")
async def approve_alert(alert_id: uuid.UUID, session: SupervisorChanger, telegram: Telegram) -> Response:
    command = ApproveAlert(actor=session.actor(), alert_id=alert_id)
    return answer(await telegram.ask(subj.RPC_TELEGRAM_ALERTS_APPROVE, command, AlertSaved, what=WHAT))


@router.post("/api/alerts/{alert_id}/cancel")
async def cancel_alert(alert_id: uuid.UUID, session: SupervisorChanger, telegram: Telegram) -> Response:
    command = CancelAlert(actor=session.actor(), alert_id=alert_id)
    return answer(await telegram.ask(subj.RPC_TELEGRAM_ALERTS_CANCEL, command, AlertSaved, what=WHAT))
