"""Alert tables. A subscription and a delivery name a client only by the pseudonymous client id
of the identity map; the chat id stays encrypted there, so deleting the map entry (forget me)
leaves nothing that reaches the chat."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from peerline_shared.audit_store import ChainHead
from peerline_telegram.db import Base


class AlertSubscription(Base):
    __tablename__ = "telegram_alert_subscription"

    client_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    country: Mapped[str] = mapped_column(String(2))
    region: Mapped[str | None] = mapped_column(String(8), default=None)
    """None: the whole country (every alert for it, oblast ones included)."""
    lang: Mapped[str] = mapped_column(String(2))
    created_at: Mapped[datetime]


class Alert(Base):
    __tablename__ = "telegram_alert"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(16))
    country: Mapped[str | None] = mapped_column(String(2), default=None)
    region: Mapped[str | None] = mapped_column(String(8), default=None)
    texts: Mapped[dict[str, Any]] = mapped_column(JSON)
    drafted_by: Mapped[uuid.UUID]
    drafted_alias: Mapped[str] = mapped_column(String(64))
    drafted_at: Mapped[datetime]
    approved_by: Mapped[uuid.UUID | None] = mapped_column(default=None)
    approved_alias: Mapped[str | None] = mapped_column(String(64), default=None)
    approved_at: Mapped[datetime | None] = mapped_column(default=None)
    cancelled_alias: Mapped[str | None] = mapped_column(String(64), default=None)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)


class AlertDelivery(Base):
    """One per subscriber of an approved alert, written at approval: `pending`, then `sending`
    (committed BEFORE the Bot API call), then `sent` or `failed`. A row found `sending` after a
    restart may or may not have reached the chat; it becomes `uncertain` and is never retried,
    so nobody gets an alert twice."""

    __tablename__ = "telegram_alert_delivery"
    __table_args__ = (Index("ix_telegram_alert_delivery_status", "alert_id", "status"),)

    alert_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    client_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    lang: Mapped[str] = mapped_column(String(2))
    status: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str | None] = mapped_column(String(32), default=None)
    message_id: Mapped[int | None] = mapped_column(default=None)
    updated_at: Mapped[datetime]


class AlertAuditEntry(Base):
    """Append-only and chained: who drafted, approved, cancelled an alert, and when its sending
    ended. `id` is the record's place in the chain; its hash covers `content()` and the previous
    record's hash (`peerline_shared.audit_chain`), so an edited, removed or moved record shows."""

    __tablename__ = "telegram_alert_audit"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    alert_id: Mapped[uuid.UUID]
    action: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    actor_alias: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime]
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    previous_hash: Mapped[str] = mapped_column(String(64), unique=True)
    """Unique: two writers that read the same last record cannot both extend the chain from it."""
    record_hash: Mapped[str] = mapped_column(String(64))

    def content(self) -> dict[str, Any]:
        return {
            "sequence": self.id,
            "alert_id": str(self.alert_id),
            "action": self.action,
            "actor_id": str(self.actor_id) if self.actor_id else None,
            "actor_alias": self.actor_alias,
            "at": self.at.astimezone(UTC).isoformat(),
            "detail": self.detail,
        }


class AlertAuditHead(ChainHead, Base):
    """The one row naming the chain's last record: deleting records from the end shows, and
    appenders queue on this row's lock."""

    __tablename__ = "telegram_alert_audit_head"
