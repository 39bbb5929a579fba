"""The identity map table: client id -> encrypted chat id, and the client's chosen language."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from peerline_telegram.db import Base


class IdentityEntry(Base):
    __tablename__ = "telegram_identity"

    client_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    chat_ciphertext: Mapped[bytes] = mapped_column(LargeBinary(64))
    lang: Mapped[str | None] = mapped_column(String(2), default=None)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    alerts_offered_at: Mapped[datetime | None] = mapped_column(default=None)
    """When the client was offered alerts (once, after their first consultant reply)."""
