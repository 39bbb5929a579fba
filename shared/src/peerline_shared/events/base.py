"""The envelope every wire message shares.

Events are facts in the past tense (`ConversationClaimed`); commands are orders in the
imperative (`ClaimConversation`). Adding an optional field keeps `schema_version`; any other
change is a new model with the next version, which consumers learn before producers send it.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

MAX_TEXT_CHARS = 16_000
"""Longest text a wire message carries; channels split or reject longer input before this."""

Text = Annotated[str, StringConstraints(max_length=MAX_TEXT_CHARS)]
Alias = Annotated[str, StringConstraints(min_length=1, max_length=64)]
ClientId = Annotated[str, StringConstraints(pattern=r"^v\d+:[A-Z2-7]+$", max_length=128)]


def utc_now() -> datetime:
    return datetime.now(UTC)


def new_trace_id() -> str:
    return uuid.uuid4().hex


class WireModel(BaseModel):
    """Frozen, strict about types, lenient about unknown fields (added optional fields)."""

    model_config = ConfigDict(frozen=True, extra="ignore", str_strip_whitespace=False)


class EventBase(WireModel):
    type: str
    schema_version: int
    event_id: uuid.UUID = Field(default_factory=uuid.uuid4)
    occurred_at: datetime = Field(default_factory=utc_now)
    trace_id: str = Field(default_factory=new_trace_id, max_length=64)



def derived_id(cause: uuid.UUID, *parts: str) -> uuid.UUID:
    """A deterministic id for an effect of `cause`: a redelivered cause yields the same effect
    id, and JetStream's duplicate window (`Nats-Msg-Id`) drops the second publish."""
    return uuid.uuid5(cause, "/".join(parts))
