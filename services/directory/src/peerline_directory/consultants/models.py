"""Consultants: alias (the only name a client sees), skills, capacity, role."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from peerline_directory.db import Base


class Consultant(Base):
    __tablename__ = "directory_consultant"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    alias: Mapped[str] = mapped_column(String(64), unique=True)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    countries: Mapped[list[str]] = mapped_column(JSON, default=list)
    capacity: Mapped[int] = mapped_column(default=3)
    role: Mapped[str] = mapped_column(String(16), default="consultant")
    telegram_user_id: Mapped[str | None] = mapped_column(String(32))
    time_zone: Mapped[str] = mapped_column(String(64), default="Europe/Kyiv")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime]
