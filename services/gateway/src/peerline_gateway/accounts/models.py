"""Console accounts: login and password hash (argon2id). Profiles live in the directory."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from peerline_gateway.db import Base


class Account(Base):
    __tablename__ = "gateway_account"

    consultant_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    alias: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16), default="consultant")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime]
