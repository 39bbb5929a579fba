"""Every table of this service, imported in one place for Alembic."""

from peerline_gateway.accounts.models import Account
from peerline_gateway.canned.models import CannedAnswer
from peerline_gateway.db import Base
from peerline_gateway.posts.models import (
    ContentAuditEntry,
    ContentAuditHead,
    Post,
    PostDelivery,
    TelegramChannel,
)
from peerline_gateway.secondfactor.models import SecondFactor

metadata = Base.metadata

__all__ = [
    "Account",
    "CannedAnswer",
    "ContentAuditEntry",
    "ContentAuditHead",
    "Post",
    "PostDelivery",
    "SecondFactor",
    "TelegramChannel",
    "metadata",
]
