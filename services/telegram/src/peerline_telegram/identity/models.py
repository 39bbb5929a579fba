"""The identity map table: client id -> encrypted chat id, the client's chosen language, and
where they said they are (encrypted too)."""

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
    # "PL" or "UA/UA-46", sealed like the chat id: beside a chat id, a place narrows who it is.
    place_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary(64), default=None)
    place_offered_at: Mapped[datetime | None] = mapped_column(default=None)
    """When the client was asked where they are (once; /place asks again on request)."""
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    alerts_offered_at: Mapped[datetime | None] = mapped_column(default=None)
    """When the client was offered alerts (once, after their first consultant reply)."""
