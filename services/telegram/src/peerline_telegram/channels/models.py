"""Channel posts the bot has started or finished sending, by the gateway's delivery id."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from peerline_telegram.db import Base


class ChannelPostSent(Base):
    """Written before the Bot API call and completed after it: a delivery seen again with a
    message id is answered from here, one without (the process died mid-call) is not retried."""

    __tablename__ = "telegram_channel_post"

    delivery_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    chat_id: Mapped[str] = mapped_column(String(40))
    message_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    started_at: Mapped[datetime]
