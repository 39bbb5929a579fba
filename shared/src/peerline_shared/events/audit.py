"""Audit records: who did what to which conversation, and when."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from peerline_shared.events.base import Event

AuditAction = Literal[
    "viewed", "claimed", "replied", "noted", "transferred", "closed", "exported", "erased",
    "offered", "escalated", "requeued", "queued", "reopened", "auto_replied", "triage_corrected",
    "referred",
]


class AuditRecorded(Event):
    """An audit record was appended (and chained) by notifications."""

    type: Literal["audit.recorded"] = "audit.recorded"
    schema_version: Literal[1] = 1
    sequence: int
    actor_id: str = Field(max_length=64)
    actor_alias: str = Field(max_length=64)
    action: AuditAction
    conversation_id: uuid.UUID | None = None
    at: datetime
    before: dict[str, Any] = Field(default_factory=dict)
    after: dict[str, Any] = Field(default_factory=dict)
    record_hash: str
