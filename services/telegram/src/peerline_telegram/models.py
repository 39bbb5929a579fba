"""Every table of this service, imported in one place for Alembic."""

from peerline_telegram.alerts.models import (
    Alert,
    AlertAuditEntry,
    AlertAuditHead,
    AlertDelivery,
    AlertSubscription,
)
from peerline_telegram.channels.models import ChannelPostSent
from peerline_telegram.db import Base
from peerline_telegram.identity.models import IdentityEntry

metadata = Base.metadata

__all__ = [
    "Alert", "AlertAuditEntry", "AlertAuditHead", "AlertDelivery", "AlertSubscription", "ChannelPostSent",
    "IdentityEntry",
    "metadata",
]
