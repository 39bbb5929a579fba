"""Self-help articles: one row per language (a translation is its own article)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from peerline_directory.db import Base


class Article(Base):
    __tablename__ = "directory_article"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    lang: Mapped[str] = mapped_column(String(2), index=True)
    title: Mapped[str] = mapped_column(String(160))
    summary: Mapped[str] = mapped_column(String(400), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    country: Mapped[str | None] = mapped_column(String(2), default=None)
    is_example: Mapped[bool] = mapped_column(default=False)
    # Casefolded title, summary and body: the console's search is a substring match, enough for
    # a library of tens or hundreds of short texts on every backend.
    search_text: Mapped[str] = mapped_column(Text, default="")
    updated_by: Mapped[uuid.UUID | None] = mapped_column(default=None)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
