"""Every table of this service, imported in one place for Alembic."""

from peerline_notifications.audit.models import AuditEntry
from peerline_notifications.conversations.models import Conversation, Message
from peerline_notifications.db import Base, ProcessedEvent

metadata = Base.metadata

__all__ = ["AuditEntry", "Conversation", "Message", "ProcessedEvent", "metadata"]
