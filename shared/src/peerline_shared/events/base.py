"""The envelope every wire message shares, and the four kinds of message.

- `Event`: a fact in the past tense (`ConversationClaimed`), published on a JetStream subject
  for whoever follows it.
- `Command`: an order in the imperative (`ClaimConversation`), sent to the one service that
  carries it out (request/reply, or a stream its owner consumes).
- `Query`: a question (`ListQueue`) that changes nothing, sent by request/reply.
- `Reply`: the answer to a command or query (`CommandResult`, `QueueListed`).

All four share one envelope (`Message`: `type`, `schema_version`, `event_id`, `occurred_at`,
`trace_id`), so the wire format is the same for each; the kinds differ in what they mean and
where they travel (the catalogue, docs/asyncapi.json, lists them apart). Adding an optional
field keeps `schema_version`; any other change is a new model with the next version, registered
with an upcaster from the one before (events/registry.py), which consumers learn before
producers send it (docs/architecture.md, "How to version a message").
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


class Message(WireModel):
    """The envelope. `event_id` is the message's id whatever its kind (the name predates the
    kinds and is on the wire): the publisher sets `Nats-Msg-Id` to it, and a command's
    receiver uses it to recognise a repeat."""

    type: str
    schema_version: int
    event_id: uuid.UUID = Field(default_factory=uuid.uuid4)
    occurred_at: datetime = Field(default_factory=utc_now)
    trace_id: str = Field(default_factory=new_trace_id, max_length=64)

    @property
    def message_id(self) -> uuid.UUID:
        return self.event_id


EventBase = Message
"""The envelope's older name, kept for the bus and its callers: any wire message, of any kind.
New code says `Message` for "any kind" and `Event`, `Command`, `Query` or `Reply` for one."""


class Event(Message):
    """A fact in the past tense, published on a stream; anyone may follow it."""


class Command(Message):
    """An order in the imperative, for the one service that carries it out."""


class Query(Message):
    """A question answered by a `Reply`; it changes nothing."""


class Reply(Message):
    """The answer to a command or a query, sent back on the request's reply subject."""


MESSAGE_KINDS: tuple[type[Message], ...] = (Event, Command, Query, Reply)


def derived_id(cause: uuid.UUID, *parts: str) -> uuid.UUID:
    """A deterministic id for an effect of `cause`: a redelivered cause yields the same effect
    id, and JetStream's duplicate window (`Nats-Msg-Id`) drops the second publish."""
    return uuid.uuid5(cause, "/".join(parts))
