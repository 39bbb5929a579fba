"""Events written in the same transaction as the change they report (transactional outbox).

Publishing after commit can be cut short by a crash; a row here survives it, and the relay
publishes it later with the same `event_id`, which JetStream's duplicate window drops if the
first publish did get through."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from peerline_notifications.db import Base


class OutboxEvent(Base):
    __tablename__ = "notifications_outbox"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(36), index=True)
    subject: Mapped[str] = mapped_column(String(128))
    event_type: Mapped[str] = mapped_column(String(64))
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
