"""Commands sent over NATS request/reply, and their replies.

Commands are orders in the imperative. Each has the same envelope as an event so that it is
traced, versioned and idempotent (`event_id` doubles as the command id).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field

from peerline_shared.events.base import Alias, Command, Query, Reply, Text, WireModel
from peerline_shared.events.common import Signal
from peerline_shared.events.vocabulary import (
    AccountRole,
    Channel,
    ConversationState,
    Lang,
    Role,
    Topic,
    Urgency,
)


class SignedActor(WireModel):
    """A person acting in the console, as the gateway signs them (`peerline_shared.actors`):
    the fields both kinds of actor carry, said once. Only its two kinds travel: `Actor` and
    `ContentActor` differ in which roles they can carry."""

    consultant_id: uuid.UUID
    alias: Alias
    role: AccountRole
    proof: str | None = Field(default=None, max_length=200)
    """The gateway's signature over this actor and the command (`peerline_shared.actors`):
    the receiving service acts only on a valid, unexpired proof."""


class Actor(SignedActor):
    """A person acting in the console on conversations, people or alerts; `alias` is the only
    name a client ever sees. Its role is on the ladder consultant < supervisor < admin: an
    editor cannot be written here, so no conversation command can ever carry one."""

    role: Role = "consultant"  # narrower than the account's: the field keeps its place on the wire


class ContentActor(SignedActor):
    """A person changing the organisation's content (the self-help library): any account role,
    `editor` included. Only the messages about content carry it (`SaveArticle` v2 on)."""


class ClaimConversation(Command):
    type: Literal["command.claim_conversation"] = "command.claim_conversation"
    schema_version: Literal[1] = 1
    conversation_id: uuid.UUID
    actor: Actor


class ReplyToClient(Command):
    type: Literal["command.reply_to_client"] = "command.reply_to_client"
    schema_version: Literal[1] = 1
    conversation_id: uuid.UUID
    actor: Actor
    text: Text = Field(min_length=1)


class CloseConversation(Command):
    type: Literal["command.close_conversation"] = "command.close_conversation"
    schema_version: Literal[1] = 1
    conversation_id: uuid.UUID
    actor: Actor
    outcomes: tuple[str, ...] = ()


class TransferConversation(Command):
    type: Literal["command.transfer_conversation"] = "command.transfer_conversation"
    schema_version: Literal[1] = 1
    conversation_id: uuid.UUID
    actor: Actor
    to_consultant_id: uuid.UUID | None = None
    """None hands the conversation back to the shared queue."""


class AddNote(Command):
    type: Literal["command.add_note"] = "command.add_note"
    schema_version: Literal[1] = 1
    conversation_id: uuid.UUID
    actor: Actor
    text: Text = Field(min_length=1)


class CommandResult(Reply):
    """The reply to a command: `ok`, or an error code a console can show."""

    type: Literal["command.result"] = "command.result"
    schema_version: Literal[1] = 1
    ok: bool
    error: str | None = None
    detail: str = ""
    holder_alias: str | None = None


class ListQueue(Query):
    type: Literal["query.list_queue"] = "query.list_queue"
    schema_version: Literal[1] = 1
    actor: Actor
    include_closed: bool = False


class QueueItem(WireModel):
    conversation_id: uuid.UUID
    state: ConversationState
    urgency: Urgency
    lang: Lang
    channel: Channel
    topics: tuple[Topic, ...] = ()
    signals: tuple[Signal, ...] = ()
    waiting_since: datetime
    consultant_id: uuid.UUID | None = None
    consultant_alias: str | None = None
    preview: str = Field(default="", max_length=200)
    escalation_level: int = 0
    offered_to: tuple[uuid.UUID, ...] = ()
    sla_breached: bool = False
    position: int | None = None
    """1-based place among unclaimed conversations (urgency, then waiting time)."""
    specialist_kind: str | None = Field(default=None, max_length=32)
    """Referred to this kind of specialist: it waits in that kind's queue."""
    restricted: bool = False
    """The reader has no need to know this conversation: `preview` is withheld, and opening it
    needs a break-glass reason (docs/console.md)."""


class QueueListed(Reply):
    type: Literal["query.queue_listed"] = "query.queue_listed"
    schema_version: Literal[1] = 1
    items: tuple[QueueItem, ...] = ()
    """The first page of the queue (up to 500): waiting first, then held, then closed when
    asked; each by urgency, then by how long it waited."""
    open_by_state: dict[str, int] = Field(default_factory=dict)
    """Every open conversation counted by state, listed or not (closed ones are not counted)."""


class GetConversation(Query):
    type: Literal["query.get_conversation"] = "query.get_conversation"
    schema_version: Literal[1] = 1
    conversation_id: uuid.UUID
    actor: Actor
    break_glass_reason: str | None = Field(default=None, max_length=500)
    """Why someone without a need to know opens it anyway: audited as `break_glass`."""


class MessageView(WireModel):
    message_id: uuid.UUID
    author: Literal["client", "consultant", "system", "note"]
    author_alias: str | None = None
    text: str
    at: datetime
    not_delivered: str | None = Field(default=None, max_length=200)
    """The channel's reason when a reply never reached the client (`bot_blocked`…)."""


class ConversationShown(Reply):
    type: Literal["query.conversation_shown"] = "query.conversation_shown"
    schema_version: Literal[1] = 1
    found: bool
    item: QueueItem | None = None
    messages: tuple[MessageView, ...] = ()
    refused: str | None = None
    """`need_to_know` (a break-glass reason is needed) or `reason_too_short`; nothing shown."""


class FindCandidates(Query):
    """Ask the directory who could take a conversation now."""

    type: Literal["query.find_candidates"] = "query.find_candidates"
    schema_version: Literal[1] = 1
    lang: Lang
    topics: tuple[Topic, ...] = ()
    country: str | None = None
    urgency: Urgency = "normal"
    at: datetime | None = None


class Candidate(WireModel):
    consultant_id: uuid.UUID
    alias: Alias
    role: Role = "consultant"
    languages: tuple[Lang, ...] = ()
    load: int = 0
    capacity: int = 1
    topic_match: bool = False
    telegram_notify: bool = False


class CandidatesFound(Reply):
    type: Literal["query.candidates_found"] = "query.candidates_found"
    schema_version: Literal[1] = 1
    candidates: tuple[Candidate, ...] = ()
    supervisors: tuple[Candidate, ...] = ()
    on_shift_count: int = 0
    on_call: tuple[uuid.UUID, ...] = Field(default=(), max_length=1000)
    """For an emergency only: consultants off shift who chose "emergencies at any time" on
    Telegram and speak its language. They are DMed about it, so they have a need to know it
    (notifications adds them to `offered_to`). Empty from directories before this field."""


class QueryAudit(Query):
    """Supervisors browse the audit log by consultant, conversation, time range, action."""

    type: Literal["query.audit"] = "query.audit"
    schema_version: Literal[1] = 1
    actor: Actor
    consultant_id: str | None = None
    conversation_id: uuid.UUID | None = None
    action: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = Field(default=100, ge=1, le=1000)


class AuditEntryView(WireModel):
    sequence: int
    actor_id: str
    actor_alias: str
    action: str
    conversation_id: uuid.UUID | None = None
    at: datetime
    before: dict[str, object] = Field(default_factory=dict)
    after: dict[str, object] = Field(default_factory=dict)
    record_hash: str


class AuditPage(Reply):
    type: Literal["query.audit_page"] = "query.audit_page"
    schema_version: Literal[1] = 1
    entries: tuple[AuditEntryView, ...] = ()
    chain_ok: bool = True
    error: str | None = None
    """"forbidden" when the actor is not a supervisor or admin."""
    problems: tuple[str, ...] = ()


class GetQueueStats(Query):
    type: Literal["query.queue_stats"] = "query.queue_stats"
    schema_version: Literal[1] = 1
    actor: Actor


class QueueStats(Reply):
    """Supervisor view: depth by urgency, oldest wait, SLA breaches, load per consultant."""

    type: Literal["query.queue_stats_shown"] = "query.queue_stats_shown"
    schema_version: Literal[1] = 1
    depth_by_urgency: dict[str, int] = Field(default_factory=dict)
    oldest_waiting_seconds: float = 0.0
    sla_breaches_open: int = 0
    active_by_consultant: dict[str, int] = Field(default_factory=dict)
