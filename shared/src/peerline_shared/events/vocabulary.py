"""The words every service shares, each defined once, with its order.

Urgency, topic, language, channel, role, presence and conversation state are spelled here and
nowhere else: a service that needs one imports it (tests/contract/test_vocabulary.py fails on
a second `Literal`, enum, tuple or rank table with the same values). Where a word has an order,
the order is a tuple here and the comparisons are the functions below, so no module keeps its
own rank table (two of them once ranked emergency 0 and 3).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, get_args

Channel = Literal["web", "telegram"]
CHANNELS: tuple[Channel, ...] = get_args(Channel)

Urgency = Literal["emergency", "high", "normal", "low"]
URGENCY_ORDER: tuple[Urgency, ...] = get_args(Urgency)
"""Most urgent first: the order of the queue, of reports and of triage's taxonomy."""

Topic = Literal[
    "overdose", "ost", "hiv", "tb", "hepatitis", "legal",
    "humanitarian", "mental_health", "harm_reduction", "other",
]
TOPICS: tuple[Topic, ...] = get_args(Topic)
"""In triage's order of priority: when two topics score alike, the earlier one is the main one."""

Lang = Literal["uk", "ru", "en"]
LANGS: tuple[Lang, ...] = get_args(Lang)

Role = Literal["consultant", "supervisor", "admin"]
ROLES: tuple[Role, ...] = get_args(Role)
"""Least powerful first: each role can do what the ones before it can."""
SUPERVISING_ROLES: frozenset[Role] = frozenset({"supervisor", "admin"})

AccountRole = Literal["editor", "consultant", "supervisor", "admin"]
"""Every console account's role. An `editor` writes the organisation's content (channel posts
and the self-help library) and never sees a conversation: it sits outside the ladder of `Role`,
which is what travels as a person's `Actor` to the services that hold conversations. Content
commands carry a `ContentActor`, whose role is an `AccountRole`."""
ACCOUNT_ROLES: tuple[AccountRole, ...] = get_args(AccountRole)
CONTENT_ROLES: frozenset[AccountRole] = frozenset({"editor", "supervisor", "admin"})
LIBRARY_EDITING_ROLES: frozenset[AccountRole] = CONTENT_ROLES
"""Who may change the self-help library (the gateway and the directory both check it)."""

Presence = Literal["available", "busy", "away", "offline"]
PRESENCE_ORDER: tuple[Presence, ...] = get_args(Presence)
"""Most reachable first."""

ConversationState = Literal["queued", "offered", "active", "waiting", "closed"]
CONVERSATION_STATES: tuple[ConversationState, ...] = get_args(ConversationState)
UNCLAIMED_STATES: frozenset[ConversationState] = frozenset({"queued", "offered"})
OWNED_STATES: frozenset[ConversationState] = frozenset({"active", "waiting"})
OPEN_STATES: frozenset[ConversationState] = UNCLAIMED_STATES | OWNED_STATES

DEFAULT_SPECIALIST_KINDS: tuple[str, ...] = ("lawyer", "psychologist", "doctor", "social_worker")
"""The specialist kinds every directory starts with; an organisation adds its own."""

OverrideKind = Literal["extra", "leave", "sick"]

TelegramNotifyMode = Literal["on_shift", "emergencies_any_time"]
"""When a consultant linked to Telegram gets DMs: only on shift, or emergencies at any time."""
TELEGRAM_NOTIFY_MODES: tuple[TelegramNotifyMode, ...] = get_args(TelegramNotifyMode)
"""A one-off change to a consultant's weekly shifts: an extra shift, or an absence."""

CueKind = Literal["urgency", "topic", "modifier"]
"""What a triage cue speaks to (a `Signal`'s kind)."""

EmergencyTier = Literal["certain", "possible"]
"""How sure triage is of an emergency: "certain" gets the full first aid, "possible" a short
safety message (both are urgency emergency for routing)."""


def urgency_rank(urgency: str) -> int:
    """0 for emergency … 3 for low, len(URGENCY_ORDER) for anything else: sort ascending to put
    the most urgent first. The one rank of urgency in the code base."""
    try:
        return URGENCY_ORDER.index(urgency)
    except ValueError:
        return len(URGENCY_ORDER)


def is_more_urgent(urgency: str, than: str) -> bool:
    return urgency_rank(urgency) < urgency_rank(than)


def is_at_least(urgency: str, level: Urgency) -> bool:
    """`is_at_least("emergency", "high")` is True: as urgent as `level` or more."""
    return urgency_rank(urgency) <= urgency_rank(level)


def most_urgent(urgencies: Iterable[Urgency]) -> Urgency | None:
    """The most urgent of `urgencies`, None when there are none."""
    return min(urgencies, key=urgency_rank, default=None)


def role_rank(role: str) -> int:
    """0 for consultant … 2 for admin; -1 for a word that is not a role (it can do nothing)."""
    return ROLES.index(role) if role in ROLES else -1


def has_role(role: str, needed: Role) -> bool:
    """`has_role("admin", "supervisor")` is True: each role includes the ones below it.
    An editor has none of them (`has_role("editor", "consultant")` is False)."""
    return role_rank(role) >= role_rank(needed)


def works_conversations(role: str) -> bool:
    """Consultant or above: may see the queue and conversations (an editor may not)."""
    return role_rank(role) >= 0


def edits_content(role: str) -> bool:
    """Editor, supervisor or admin: may write, publish, change and delete channel posts."""
    return role in CONTENT_ROLES


__all__ = [
    "ACCOUNT_ROLES",
    "CHANNELS",
    "CONTENT_ROLES",
    "CONVERSATION_STATES",
    "DEFAULT_SPECIALIST_KINDS",
    "LANGS",
    "LIBRARY_EDITING_ROLES",
    "OPEN_STATES",
    "OWNED_STATES",
    "PRESENCE_ORDER",
    "ROLES",
    "SUPERVISING_ROLES",
    "TELEGRAM_NOTIFY_MODES",
    "TOPICS",
    "UNCLAIMED_STATES",
    "URGENCY_ORDER",
    "AccountRole",
    "Channel",
    "ConversationState",
    "CueKind",
    "EmergencyTier",
    "Lang",
    "OverrideKind",
    "Presence",
    "Role",
    "TelegramNotifyMode",
    "Topic",
    "Urgency",
    "edits_content",
    "has_role",
    "is_at_least",
    "is_more_urgent",
    "most_urgent",
    "role_rank",
    "urgency_rank",
    "works_conversations",
]
