"""Consultants (alias is the only name a client sees), their shifts, and their open load."""

from __future__ import annotations

import uuid
from datetime import datetime, time

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String, Time
from sqlalchemy.orm import Mapped, mapped_column

from peerline_directory.db import Base
from peerline_shared.db import ProcessedEventMixin


class Consultant(Base):
    __tablename__ = "directory_consultant"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    alias: Mapped[str] = mapped_column(String(64), unique=True)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    countries: Mapped[list[str]] = mapped_column(JSON, default=list)
    capacity: Mapped[int] = mapped_column(default=3)
    role: Mapped[str] = mapped_column(String(16), default="consultant")
    telegram_user_id: Mapped[str | None] = mapped_column(String(32), index=True)
    telegram_notify: Mapped[str] = mapped_column(String(24), default="on_shift",
                                                 server_default="on_shift")
    """When Telegram DMs come: `on_shift`, or `emergencies_any_time` (docs/telegram.md)."""
    time_zone: Mapped[str] = mapped_column(String(64), default="Europe/Kyiv")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime]
    deactivated_at: Mapped[datetime | None] = mapped_column(default=None)


class ShiftSlot(Base):
    """Every week on `weekday` (0 = Monday) from `starts` to `ends`, consultant's local time;
    an end not after the start is on the next day (a night shift)."""

    __tablename__ = "directory_shift_slot"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    consultant_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("directory_consultant.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int]
    starts: Mapped[time] = mapped_column(Time())
    ends: Mapped[time] = mapped_column(Time())
    created_at: Mapped[datetime]


class ShiftOverride(Base):
    """A one-off extra shift, leave or sick day; local wall-clock times (no zone on purpose:
    they follow the consultant's time zone, whatever the offset on that date)."""

    __tablename__ = "directory_shift_override"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    consultant_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("directory_consultant.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    starts_local: Mapped[datetime] = mapped_column(DateTime(timezone=False))
    ends_local: Mapped[datetime] = mapped_column(DateTime(timezone=False))
    created_at: Mapped[datetime]


class OpenConversation(Base):
    """Who holds each conversation, from conversation events; `consultant_id` None = nobody.

    `last_event_at` is the time of the newest event applied, so an older event delivered late
    (after a retry) changes nothing.
    """

    __tablename__ = "directory_open_conversation"
    __table_args__ = (Index("ix_directory_open_conversation_holder", "consultant_id"),)

    conversation_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    consultant_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    last_event_at: Mapped[datetime]


class ConsultantActivity(Base):
    """When a consultant last took a conversation: "longest idle" goes first among equals."""

    __tablename__ = "directory_consultant_activity"

    consultant_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    last_assigned_at: Mapped[datetime]


class ProcessedEvent(ProcessedEventMixin, Base):
    __tablename__ = "directory_processed_event"
