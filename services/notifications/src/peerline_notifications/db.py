"""The notifications service's tables share this declarative base."""

from __future__ import annotations

from peerline_shared.db import ProcessedEventMixin, make_base

Base = make_base("notifications")


class ProcessedEvent(ProcessedEventMixin, Base):
    __tablename__ = "notifications_processed_event"
