"""Bad-batch alerts to opted-in Telegram clients (subjects `helpline.rpc.telegram.alerts.*`).

The Telegram adapter owns alerts, their approvals and deliveries, because it alone holds the
subscriber list (tied to its encrypted chat map): no subscriber, chat or client id ever travels
here. The gateway asks on behalf of a signed-in supervisor whose signed `Actor` the adapter
verifies; the adapter itself refuses an approval by the alert's drafter, so a single stolen
console account cannot message every client.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field

from peerline_shared.events.base import Alias, Command, Query, Reply, WireModel
from peerline_shared.events.commands import Actor
from peerline_shared.events.vocabulary import Lang

AlertStatus = Literal["draft", "sending", "sent", "cancelled"]
AlertText = Field(default=None, min_length=1, max_length=1000)
"""An alert is short: one Telegram message, read on a phone, in a hurry."""
MAX_AUDIT_PROBLEMS_SHOWN = 20
CountryCode = Field(default=None, pattern=r"^[A-Z]{2}$")
RegionCode = Field(default=None, pattern=r"^[A-Z]{2}-[0-9A-Z]{1,3}$")


class AlertTexts(WireModel):
    """The alert in each language it is sent in; subscribers of another language get none."""

    uk: str | None = AlertText
    ru: str | None = AlertText
    en: str | None = AlertText


class AlertProgress(WireModel):
    """Deliveries of one alert so far; `uncertain` were being sent when the adapter stopped
    (never sent again: the adapter sends at most once)."""

    total: int = Field(default=0, ge=0)
    sent: int = Field(default=0, ge=0)
    failed: int = Field(default=0, ge=0)
    uncertain: int = Field(default=0, ge=0)
    remaining: int = Field(default=0, ge=0)


class AlertView(WireModel):
    alert_id: uuid.UUID
    status: AlertStatus
    country: str | None = None
    region: str | None = None
    texts: AlertTexts
    drafted_by: Alias
    drafted_at: datetime
    approved_by: str | None = Field(default=None, max_length=64)
    approved_at: datetime | None = None
    finished_at: datetime | None = None
    progress: AlertProgress = Field(default_factory=AlertProgress)


class DraftAlert(Command):
    type: Literal["command.draft_alert"] = "command.draft_alert"
    schema_version: Literal[1] = 1
    actor: Actor
    country: str | None = CountryCode
    """None: every subscriber, wherever they are."""
    region: str | None = RegionCode
    """None: the whole country."""
    texts: AlertTexts


class ApproveAlert(Command):
    """The second supervisor's approval; sending starts at once."""

    type: Literal["command.approve_alert"] = "command.approve_alert"
    schema_version: Literal[1] = 1
    actor: Actor
    alert_id: uuid.UUID


class CancelAlert(Command):
    """Withdraw a draft, or stop an alert being sent (what was sent stays sent)."""

    type: Literal["command.cancel_alert"] = "command.cancel_alert"
    schema_version: Literal[1] = 1
    actor: Actor
    alert_id: uuid.UUID


class AlertSaved(Reply):
    type: Literal["reply.alert_saved"] = "reply.alert_saved"
    schema_version: Literal[1] = 1
    error: str | None = Field(default=None, max_length=100)
    detail: str = Field(default="", max_length=500)
    alert: AlertView | None = None


class ListAlerts(Query):
    type: Literal["query.list_alerts"] = "query.list_alerts"
    schema_version: Literal[1] = 1
    actor: Actor
    limit: int = Field(default=20, ge=1, le=100)


class AlertsListed(Reply):
    type: Literal["query.alerts_listed"] = "query.alerts_listed"
    schema_version: Literal[1] = 1
    error: str | None = Field(default=None, max_length=100)
    alerts: tuple[AlertView, ...] = ()
    subscribers: int = Field(default=0, ge=0)


class VerifyAlertsAudit(Query):
    """Whether the alerts' audit chain is intact, for the console (supervisors), as
    `peerline telegram alerts audit verify` checks it."""

    type: Literal["query.verify_alerts_audit"] = "query.verify_alerts_audit"
    schema_version: Literal[1] = 1
    actor: Actor


class AlertsAuditVerified(Reply):
    type: Literal["query.alerts_audit_verified"] = "query.alerts_audit_verified"
    schema_version: Literal[1] = 1
    error: str | None = Field(default=None, max_length=100)
    records: int = Field(default=0, ge=0)
    chain_ok: bool = False
    problems: tuple[str, ...] = Field(default=(), max_length=MAX_AUDIT_PROBLEMS_SHOWN)
    """The first problems found (`record N: edited: …`); the command line lists them all."""
    more_problems: int = Field(default=0, ge=0)


class ActiveAlert(WireModel):
    """What the web chat's banner shows: the place and the text, nothing about anyone."""

    alert_id: uuid.UUID
    country: str | None = None
    region: str | None = None
    texts: AlertTexts
    approved_at: datetime


class ListActiveAlerts(Query):
    """Alerts approved within the banner period, for the web chat (no person acts)."""

    type: Literal["query.list_active_alerts"] = "query.list_active_alerts"
    schema_version: Literal[1] = 1


class ActiveAlertsListed(Reply):
    type: Literal["query.active_alerts_listed"] = "query.active_alerts_listed"
    schema_version: Literal[1] = 1
    alerts: tuple[ActiveAlert, ...] = ()


def text_in(texts: AlertTexts, lang: Lang) -> str | None:
    value: str | None = getattr(texts, lang)
    return value
