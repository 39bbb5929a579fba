"""Frames of the web chat WebSocket (`/ws/chat`), both directions.

Browser → gateway: `hello` (first, and again to change language), `message` (with the
client's `place` when they gave one), `forget`.
Gateway → browser: `welcome`, `ack`, `error`, `forgotten`, and the two kept in the client's
inbox and replayed after a reconnect: `message` (from a consultant or the helpline) and
`status` (queued, a consultant joined, closed). Kept frames carry `seq`, the resume point the
browser sends back as `last_seen`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, TypeAdapter, ValidationError, ValidatorFunctionWrapHandler, field_validator

from peerline_gateway.frames import BrowserFrame
from peerline_shared.events import ClientPlace, Lang, OutboundMessageRequested

ChatState = Literal["queued", "joined", "closed"]
ErrorCode = Literal["bad_frame", "slow_down", "try_again", "too_long", "empty"]
"""`slow_down` and `try_again`: the page sends the message again later; the others: it gives up."""


# Browser → gateway


class Hello(BrowserFrame):
    """First frame: resume a session (a token this gateway gave in a welcome) and say what was
    already seen."""

    type: Literal["hello"]
    v: Literal[1] = 1
    session: str | None = Field(default=None, max_length=128)
    last_seen: str | None = Field(default=None, max_length=40)
    lang: Lang | None = None


class SendMessage(BrowserFrame):
    """`place`: where the client said they are, kept by the page for the session and sent with
    every message (optional: the page asks once, after the first reply, and it can be skipped)."""

    type: Literal["message"]
    v: Literal[1] = 1
    id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    text: str = Field(min_length=1)
    place: ClientPlace | None = None

    @field_validator("place", mode="wrap")
    @classmethod
    def _place_or_nothing(cls, value: object, handler: ValidatorFunctionWrapHandler) -> ClientPlace | None:
        """A malformed place is dropped, never the message it came with."""
        try:
            place: ClientPlace | None = handler(value)
            return place
        except ValidationError:
            return None


class Forget(BrowserFrame):
    type: Literal["forget"]
    v: Literal[1] = 1


ClientFrame = Annotated[Hello | SendMessage | Forget, Field(discriminator="type")]
client_frame: TypeAdapter[Hello | SendMessage | Forget] = TypeAdapter(ClientFrame)


# Gateway → browser


class Welcome(BrowserFrame):
    """The session token to keep (sessionStorage) and send in the next hello. The gateway makes
    and signs it; `renewed`: the hello's token was not one it signed, so this is a new session
    (nothing of another is replayed)."""

    type: Literal["welcome"] = "welcome"
    v: Literal[1] = 1
    session: str
    renewed: bool = False


class Ack(BrowserFrame):
    """The message with this id is stored: the page stops re-sending it."""

    type: Literal["ack"] = "ack"
    v: Literal[1] = 1
    id: str


class ChatError(BrowserFrame):
    type: Literal["error"] = "error"
    v: Literal[1] = 1
    code: ErrorCode
    id: str | None = None
    """The message the error is about, when it is about one."""


class Forgotten(BrowserFrame):
    """Everything about this session is being erased; the page starts afresh."""

    type: Literal["forgotten"] = "forgotten"
    v: Literal[1] = 1


class ChatMessage(BrowserFrame):
    """A message for the client: a consultant's reply, first aid, a notice of the helpline."""

    type: Literal["message"] = "message"
    v: Literal[1] = 1
    id: str
    sender: Literal["consultant", "system"] = Field(alias="from")
    kind: str = Field(max_length=40)
    alias: str | None = None
    text: str
    at: datetime
    seq: str | None = None


class ChatStatus(BrowserFrame):
    """Where the conversation stands; `id` makes a replayed status show once."""

    type: Literal["status"] = "status"
    v: Literal[1] = 1
    state: ChatState
    alias: str | None = None
    position: int | None = None
    id: str | None = None
    seq: str | None = None


KeptFrame = Annotated[ChatMessage | ChatStatus, Field(discriminator="type")]
"""What the client's inbox keeps in Redis and replays after a reconnect."""
kept_frame: TypeAdapter[ChatMessage | ChatStatus] = TypeAdapter(KeptFrame)
ServerFrame = Welcome | Ack | ChatError | Forgotten | ChatMessage | ChatStatus


def message_frame(event: OutboundMessageRequested) -> ChatMessage:
    return ChatMessage(
        id=str(event.event_id),
        sender="consultant" if event.kind == "consultant_reply" else "system",
        kind=event.kind,
        alias=event.sender_alias,
        text=event.text,
        at=event.occurred_at,
    )


def status_frame(
    state: ChatState,
    *,
    alias: str | None = None,
    position: int | None = None,
    conversation_id: str | None = None,
) -> ChatStatus:
    frame_id = None if conversation_id is None else f"status-{conversation_id}-{state}-{alias or ''}"
    return ChatStatus(state=state, alias=alias, position=position, id=frame_id)
