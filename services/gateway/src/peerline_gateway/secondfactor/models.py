"""A consultant's confirmed second factor: the TOTP secret and the hashes of unused recovery codes."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from peerline_gateway.db import Base


class SecondFactor(Base):
    __tablename__ = "gateway_second_factor"

    consultant_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("gateway_account.consultant_id", ondelete="CASCADE"), primary_key=True
    )
    totp_secret: Mapped[str] = mapped_column(String(64))
    recovery_hashes: Mapped[list[str]] = mapped_column(JSON)
    enrolled_at: Mapped[datetime]
