"""Channel posts: the organisation's channels, its posts, one delivery per post and channel
(with the Telegram message id an edit needs), and the content audit."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from peerline_gateway.db import Base
from peerline_shared.audit_store import ChainHead


class TelegramChannel(Base):
    """A channel the bot is an administrator of, configured by a supervisor."""

    __tablename__ = "gateway_channel"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    chat_id: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(120))
    active: Mapped[bool] = mapped_column(default=True)
    added_by: Mapped[uuid.UUID]
    added_at: Mapped[datetime]


class Post(Base):
    """`text` is kept sanitised (the Bot API's HTML subset); `state` is draft, scheduled,
    published or deleted."""

    __tablename__ = "gateway_post"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    lang: Mapped[str] = mapped_column(String(2))
    title: Mapped[str] = mapped_column(String(120))
    text: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16), index=True)
    publish_at: Mapped[datetime | None] = mapped_column(default=None)
    created_by: Mapped[uuid.UUID]
    updated_by: Mapped[uuid.UUID]
    updated_at: Mapped[datetime]


class PostDelivery(Base):
    """One post to one channel: pending → sending → sent (→ deleted), or failed/cancelled.
    Claimed by a conditional update, so one publisher of any replica sends it."""

    __tablename__ = "gateway_post_delivery"
    __table_args__ = (UniqueConstraint("post_id", "channel_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    post_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("gateway_post.id"), index=True)
    channel_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("gateway_channel.id"))
    state: Mapped[str] = mapped_column(String(16), index=True)
    due_at: Mapped[datetime] = mapped_column(index=True)
    claimed_at: Mapped[datetime | None] = mapped_column(default=None)
    attempts: Mapped[int] = mapped_column(default=0)
    message_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    error: Mapped[str | None] = mapped_column(String(32), default=None)
    sent_at: Mapped[datetime | None] = mapped_column(default=None)


class ContentAuditEntry(Base):
    """Append-only and chained (`peerline_shared.audit_chain`): each record's hash covers its
    content and the previous record's hash; `previous_hash` is unique, so two writers cannot
    both extend the same record (the second transaction fails and is retried)."""

    __tablename__ = "gateway_content_audit"

    sequence: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime]
    actor_id: Mapped[str] = mapped_column(String(64))
    actor_alias: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32), index=True)
    post_id: Mapped[uuid.UUID | None] = mapped_column(default=None, index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    previous_hash: Mapped[str] = mapped_column(String(64), unique=True)
    record_hash: Mapped[str] = mapped_column(String(64))

    def content(self) -> dict[str, Any]:
        return {
            "sequence": self.sequence,
            "at": self.at.astimezone(UTC).isoformat(),
            "actor_id": self.actor_id,
            "actor_alias": self.actor_alias,
            "action": self.action,
            "post_id": str(self.post_id) if self.post_id else None,
            "detail": self.detail,
        }


class ContentAuditHead(ChainHead, Base):
    """The one row naming the content audit's last record (records deleted from the end show;
    appenders queue on its lock)."""

    __tablename__ = "gateway_content_audit_head"
