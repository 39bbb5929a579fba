"""Who is offered a conversation: pure, from the directory's answer.

The directory orders candidates best first (language required, topic skill, least loaded);
routing only decides how wide the circle is for this urgency and escalation level.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from peerline_notifications.domain.states import Role


class Circle(StrEnum):
    BEST = "best"
    """The best candidate with room."""
    ALL = "all"
    """Every eligible candidate on shift."""
    ALL_AND_SUPERVISORS = "all_and_supervisors"


@dataclass(frozen=True)
class Eligible:
    consultant_id: uuid.UUID
    alias: str
    role: Role = "consultant"
    load: int = 0
    capacity: int = 1

    @property
    def has_room(self) -> bool:
        return self.load < self.capacity


@dataclass(frozen=True)
class OfferPlan:
    targets: tuple[uuid.UUID, ...]
    notice_kind: str
    immediate: bool
    nobody_on_shift: bool
    on_call: tuple[uuid.UUID, ...] = ()
    """Off-shift consultants DMed about this emergency ("emergencies at any time")."""

    def need_to_know(self, already: Sequence[uuid.UUID] = ()) -> tuple[uuid.UUID, ...]:
        """Who the conversation counts as offered to: the targets, those on call for it, and
        whoever an earlier try of the same offer already alerted (they read it without a reason)."""
        return _unique([*self.targets, *already, *self.on_call])


def circle_for(urgency: str, level: int) -> Circle:
    """Emergencies go to everyone at once; others start narrow and widen per level."""
    if urgency == "emergency" or level >= 2:
        return Circle.ALL_AND_SUPERVISORS
    return Circle.ALL if level == 1 else Circle.BEST


def _unique(ids: Sequence[uuid.UUID]) -> tuple[uuid.UUID, ...]:
    return tuple(dict.fromkeys(ids))


def choose_targets(
    circle: Circle, candidates: Sequence[Eligible], supervisors: Sequence[Eligible]
) -> tuple[uuid.UUID, ...]:
    everyone = [c.consultant_id for c in candidates]
    bosses = [s.consultant_id for s in supervisors]
    if circle is Circle.ALL_AND_SUPERVISORS:
        return _unique(everyone + bosses)
    if not candidates:
        # Nobody speaks the language or has the skill: a supervisor must see it.
        return _unique(bosses)
    if circle is Circle.ALL:
        return _unique(everyone)
    with_room = [c.consultant_id for c in candidates if c.has_room]
    return (with_room[0],) if with_room else _unique(everyone)


def plan_offer(
    urgency: str,
    level: int,
    candidates: Sequence[Eligible],
    supervisors: Sequence[Eligible],
    on_call: Sequence[uuid.UUID] = (),
) -> OfferPlan:
    targets = choose_targets(circle_for(urgency, level), candidates, supervisors)
    kind = "emergency" if urgency == "emergency" else "new_conversation" if level == 0 else "escalation"
    return OfferPlan(
        targets=targets,
        notice_kind=kind,
        immediate=urgency == "emergency",
        nobody_on_shift=not candidates and not supervisors,
        on_call=_unique(on_call) if urgency == "emergency" else (),
    )
