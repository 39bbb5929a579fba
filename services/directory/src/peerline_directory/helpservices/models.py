"""Help services for referrals. Full-text search runs over `search_text` (FTS5 on SQLite,
a GIN tsvector index on PostgreSQL; both created by migration 0002)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, Date, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from peerline_directory.db import Base


class HelpService(Base):
    __tablename__ = "directory_help_service"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(200))
    kinds: Mapped[list[str]] = mapped_column(JSON, default=list)
    country: Mapped[str] = mapped_column(String(2), index=True)
    city: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(300), default="")
    latitude: Mapped[float | None] = mapped_column(default=None)
    longitude: Mapped[float | None] = mapped_column(default=None)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    opening_hours: Mapped[str] = mapped_column(String(300), default="")
    contacts: Mapped[str] = mapped_column(String(500), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    last_verified: Mapped[date | None] = mapped_column(Date, default=None)
    is_example: Mapped[bool] = mapped_column(default=False)
    # Denormalised for filtering the same way on every backend: ",ost,hiv," and a casefolded city.
    kinds_key: Mapped[str] = mapped_column(String(200), default="")
    languages_key: Mapped[str] = mapped_column(String(100), default="")
    city_key: Mapped[str] = mapped_column(String(100), index=True)
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
