"""Specialist kinds, and which consultants are which kind with their weekly availability."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from peerline_directory.db import Base


class SpecialistKind(Base):
    __tablename__ = "directory_specialist_kind"

    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    label: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]


class Specialist(Base):
    """A consultant who is also one or more kinds of specialist. Kinds and availability are
    small JSON lists: an organisation has a handful of specialists, read all at once."""

    __tablename__ = "directory_specialist"

    consultant_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("directory_consultant.id", ondelete="CASCADE"), primary_key=True)
    kinds: Mapped[list[str]] = mapped_column(JSON, default=list)
    availability: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    """[{"weekday": 1, "starts": "14:00", "ends": "18:00"}, …] in the consultant's time zone."""
    updated_at: Mapped[datetime]
