"""Which SLA settings the open conversations are scheduled under: one row."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from peerline_notifications.db import Base

THE_SCHEDULE = 1


class SlaSchedule(Base):
    """The fingerprint of the settings (`domain.sla.fingerprint`) every open conversation's
    `due_at` was computed under, written with the rescheduling in one transaction: a new
    leader with the same settings keeps the schedules instead of computing them all again."""

    __tablename__ = "notifications_sla_schedule"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    policy: Mapped[str] = mapped_column(String(64))
    scheduled_at: Mapped[datetime]
