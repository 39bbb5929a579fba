"""Every table of this service, imported in one place for Alembic."""

from peerline_notifications.audit.models import AuditCheckpoint, AuditEntry, AuditHead
from peerline_notifications.corrections.models import TriageCorrection
from peerline_notifications.db import Base, ProcessedEvent
from peerline_notifications.notices.models import PendingNotice
from peerline_notifications.outbox.models import OutboxEvent
from peerline_notifications.sla.models import SlaSchedule
from peerline_notifications.storage.models import Conversation, Message

metadata = Base.metadata

__all__ = [
    "AuditCheckpoint",
    "AuditEntry",
    "AuditHead",
    "Conversation",
    "Message",
    "OutboxEvent",
    "PendingNotice",
    "ProcessedEvent",
    "SlaSchedule",
    "TriageCorrection",
    "metadata",
]
