"""Canned answers: short ready texts in uk/ru/en that supervisors keep for consultants."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from peerline_gateway.db import Base


class CannedAnswer(Base):
    __tablename__ = "gateway_canned_answer"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    lang: Mapped[str] = mapped_column(String(2), index=True)
    title: Mapped[str] = mapped_column(String(120))
    text: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[uuid.UUID]
    updated_at: Mapped[datetime]
