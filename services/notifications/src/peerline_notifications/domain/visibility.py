"""Need-to-know reading: who may see a conversation's queue preview and its transcript.

Supervisors (and admins) see everything. A consultant sees the preview of a conversation that
was offered to them, that they hold or held, or that is waiting unclaimed in a language they
work in (routing offers a conversation to whoever speaks its language; topics only order the
candidates, so they do not limit the queue). A consultant reads the transcript of a
conversation they hold or held, or that is being offered to them (to decide whether to take
it). Anything else needs a break-glass reason (`break_glass_allowed`), which is audited.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from peerline_shared.events.vocabulary import SUPERVISING_ROLES, UNCLAIMED_STATES

BREAK_GLASS_MIN_REASON = 15
"""Characters of a break-glass reason: a sentence a supervisor can act on, not "x"."""
NEED_TO_KNOW = "need_to_know"
"""The refusal a console shows as "break the glass to read this"."""
REASON_TOO_SHORT = "reason_too_short"


@dataclass(frozen=True)
class Reader:
    """The person reading, as verified (`peerline_shared.actors`) and as the directory knows them."""

    consultant_id: uuid.UUID
    role: str
    languages: frozenset[str] = frozenset()
    """Languages they may take from the queue now (empty: not on shift, or not known)."""
    specialist_kinds: frozenset[str] = frozenset()
    """The kinds of specialist they are: they read what waits in those kinds' queues, on shift or not."""

    @property
    def supervises(self) -> bool:
        return self.role in SUPERVISING_ROLES


@dataclass(frozen=True)
class Facts:
    """What the rule needs to know about one conversation."""

    state: str
    lang: str
    holder: uuid.UUID | None = None
    offered_to: frozenset[uuid.UUID] = frozenset()
    held_by: frozenset[uuid.UUID] = frozenset()
    """Everyone who held it before (claims and transfers, from the audit chain)."""
    specialist_kind: str | None = None
    """Referred to this kind of specialist and not yet taken by one."""


def _involved(reader: Reader, facts: Facts) -> bool:
    return reader.consultant_id == facts.holder or reader.consultant_id in facts.held_by


def _their_specialty(reader: Reader, facts: Facts) -> bool:
    return facts.specialist_kind is not None and facts.specialist_kind in reader.specialist_kinds


def may_preview(reader: Reader, facts: Facts) -> bool:
    """Whether the queue shows `reader` this conversation's last client message."""
    if reader.supervises or _involved(reader, facts) or reader.consultant_id in facts.offered_to:
        return True
    if _their_specialty(reader, facts):
        return True
    return facts.state in UNCLAIMED_STATES and facts.lang in reader.languages


def may_read(reader: Reader, facts: Facts) -> bool:
    """Whether `reader` may open the transcript without breaking the glass."""
    if reader.supervises or _involved(reader, facts) or _their_specialty(reader, facts):
        return True
    return reader.consultant_id in facts.offered_to and facts.state in UNCLAIMED_STATES


def break_glass_refusal(reason: str | None) -> str | None:
    """None when `reason` may open a conversation the reader has no need to know; else why not."""
    if reason is None:
        return NEED_TO_KNOW
    if len(reason.strip()) < BREAK_GLASS_MIN_REASON:
        return REASON_TOO_SHORT
    return None


def ids_in(values: Iterable[object]) -> frozenset[uuid.UUID]:
    """The consultant ids among stored strings (JSON columns), skipping anything else."""
    found: set[uuid.UUID] = set()
    for value in values:
        if isinstance(value, str):
            try:
                found.add(uuid.UUID(value))
            except ValueError:
                continue
    return frozenset(found)


def holders_in(audit_after: Iterable[Mapping[str, object]]) -> frozenset[uuid.UUID]:
    """Everyone an audited transition left holding the conversation (its `after` records)."""
    return ids_in(after.get("consultant_id") for after in audit_after)
