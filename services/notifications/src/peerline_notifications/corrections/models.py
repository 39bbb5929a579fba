"""One row a correction: the labels triage gave, the ones a consultant set, and the client's
scrubbed text it was about (forgotten with the messages: erasure and retention)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from peerline_notifications.db import Base


class TriageCorrection(Base):
    __tablename__ = "notifications_triage_correction"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    conversation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("notifications_conversation.id", ondelete="CASCADE"), index=True
    )
    corrected_at: Mapped[datetime] = mapped_column(index=True)
    consultant_id: Mapped[str] = mapped_column(String(64))
    consultant_alias: Mapped[str] = mapped_column(String(64))
    lang: Mapped[str] = mapped_column(String(2))
    triaged_urgency: Mapped[str] = mapped_column(String(16))
    triaged_topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    urgency: Mapped[str] = mapped_column(String(16))
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    texts: Mapped[list[str] | None] = mapped_column(JSON(none_as_null=True))
    """The client's messages, oldest first; None once erased or past retention."""
