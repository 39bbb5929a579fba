"""Routing order: who could take a conversation now, best first.

Only people who can actually answer are candidates: active, on shift, present as "available",
below their capacity, and speaking the client's language. Among them: more of the
conversation's topics first, then (as a tie-break within the same topic skill) those who serve
the client's country, then the least loaded, then whoever has been idle the longest.
Supervisors on shift are listed separately for emergencies, whatever their load or presence.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from peerline_shared.events.vocabulary import PRESENCE_ORDER, SUPERVISING_ROLES, Presence, Role


@dataclass(frozen=True)
class Person:
    """One consultant as routing sees them at an instant."""

    consultant_id: uuid.UUID
    alias: str
    role: Role
    languages: frozenset[str]
    topics: frozenset[str]
    countries: frozenset[str]
    capacity: int
    active: bool
    on_shift: bool
    presence: Presence = "offline"
    load: int = 0
    idle_since: datetime | None = None
    """When they last took a conversation; None = not since records began (longest idle)."""
    has_telegram: bool = False
    telegram_notify: str = "on_shift"
    """Their choice of Telegram DMs (`on_shift` or `emergencies_any_time`)."""

    @property
    def has_room(self) -> bool:
        return self.load < self.capacity


@dataclass(frozen=True)
class Need:
    """What a conversation needs from its consultant."""

    lang: str
    topics: frozenset[str] = frozenset()
    country: str | None = None


@dataclass(frozen=True)
class Ranking:
    candidates: tuple[Person, ...]
    supervisors: tuple[Person, ...]
    on_shift_count: int


def can_take(person: Person, need: Need) -> bool:
    return (person.active and person.on_shift and person.presence == "available"
            and person.has_room and need.lang in person.languages)


def topic_skill(person: Person, need: Need) -> int:
    return len(person.topics & need.topics)


def serves_country(person: Person, need: Need) -> bool:
    return need.country is not None and need.country.upper() in person.countries


def _idle_key(person: Person) -> float:
    return person.idle_since.timestamp() if person.idle_since is not None else float("-inf")


def routing_key(person: Person, need: Need) -> tuple[int, int, int, float, uuid.UUID]:
    return (-topic_skill(person, need), -serves_country(person, need), person.load,
            _idle_key(person), person.consultant_id)


def supervisor_key(person: Person) -> tuple[int, int, uuid.UUID]:
    return (PRESENCE_ORDER.index(person.presence), person.load, person.consultant_id)


def rank(people: Iterable[Person], need: Need) -> Ranking:
    """Candidates in routing order, on-shift supervisors, and how many are on shift at all."""
    on_shift = [p for p in people if p.active and p.on_shift]
    candidates = sorted((p for p in on_shift if can_take(p, need)),
                        key=lambda p: routing_key(p, need))
    supervisors = sorted((p for p in on_shift if p.role in SUPERVISING_ROLES), key=supervisor_key)
    return Ranking(tuple(candidates), tuple(supervisors), len(on_shift))


def on_shift_roster(people: Sequence[Person]) -> list[Person]:
    """Supervisors' view: everyone active and on shift, supervisors first, then by alias."""
    return sorted((p for p in people if p.active and p.on_shift),
                  key=lambda p: (p.role not in SUPERVISING_ROLES, p.alias.casefold()))
