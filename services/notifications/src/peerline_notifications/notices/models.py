"""Consultant notices waiting for the next batch: a table, not a process's memory, so a
replica that dies or hands over the lease loses none (the leader batches them)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from peerline_notifications.db import Base


class PendingNotice(Base):
    __tablename__ = "notifications_pending_notice"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    consultant_ids: Mapped[list[str]] = mapped_column(JSON)
    kind: Mapped[str] = mapped_column(String(32))
    conversation_id: Mapped[uuid.UUID | None]
    urgency: Mapped[str | None] = mapped_column(String(16))
    # What the batched DM says of its one conversation; rows queued before 0010 have none.
    topics: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    lang: Mapped[str | None] = mapped_column(String(2))
    waiting_since: Mapped[datetime | None]
    created_at: Mapped[datetime]
