"""The append-only audit log table, and the single-row head that serialises appends."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from peerline_notifications.db import Base

HEAD_ID = 1


class AuditEntry(Base):
    __tablename__ = "notifications_audit"
    # Reports count actions (transfers, referrals) per period.
    __table_args__ = (Index("ix_notifications_audit_action_at", "action", "at"),)

    sequence: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    actor_id: Mapped[str] = mapped_column(String(64), index=True)
    actor_alias: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32), index=True)
    conversation_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    at: Mapped[datetime] = mapped_column(index=True)
    before: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    after: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    previous_hash: Mapped[str] = mapped_column(String(64))
    record_hash: Mapped[str] = mapped_column(String(64), unique=True)

    def content(self) -> dict[str, Any]:
        return {
            "sequence": self.sequence,
            "actor_id": self.actor_id,
            "actor_alias": self.actor_alias,
            "action": self.action,
            "conversation_id": str(self.conversation_id) if self.conversation_id else None,
            "at": self.at.isoformat(),
            "before": self.before,
            "after": self.after,
        }


class AuditHead(Base):
    """One row: the last sequence and hash. Appends lock it (FOR UPDATE on PostgreSQL; SQLite
    write transactions are serialised by BEGIN IMMEDIATE), so two appends never fork the chain.
    It also lets `verify` notice records deleted from the end, and anchors a pruned chain."""

    __tablename__ = "notifications_audit_head"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    sequence: Mapped[int] = mapped_column(default=0)
    record_hash: Mapped[str] = mapped_column(String(64))
    pruned_through: Mapped[int] = mapped_column(default=0)
    pruned_hash: Mapped[str] = mapped_column(String(64))


class AuditCheckpoint(Base):
    """One row: the last record the console's audit query found intact. The next query checks
    only what came after it (the link from it included); `peerline audit verify` checks all."""

    __tablename__ = "notifications_audit_checkpoint"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    sequence: Mapped[int]
    record_hash: Mapped[str] = mapped_column(String(64))
    verified_at: Mapped[datetime]
