"""Every table of this service, imported in one place for Alembic."""

from peerline_directory.consultants.models import (
    Consultant,
    ConsultantActivity,
    OpenConversation,
    ProcessedEvent,
    ShiftOverride,
    ShiftSlot,
)
from peerline_directory.db import Base
from peerline_directory.helpservices.models import HelpService
from peerline_directory.library.models import Article
from peerline_directory.specialists.models import Specialist, SpecialistKind

metadata = Base.metadata

__all__ = [
    "Article", "Consultant", "ConsultantActivity", "HelpService", "OpenConversation", "ProcessedEvent",
    "ShiftOverride", "ShiftSlot", "Specialist", "SpecialistKind", "metadata",
]
