"""Specialists: consultants who are also a lawyer, psychologist, doctor, social worker or a kind
the organisation adds, each with a weekly availability of their own (not a shift).

The directory owns the kinds, who is which kind and when they answer
(`helpline.rpc.directory.specialists`, and `…manage.save_specialist_kind|save_specialist` for
supervisors). Notifications keeps each kind's queue: a consultant refers a conversation to a
kind (`ReferToSpecialist` on `helpline.rpc.notifications.refer`).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from peerline_shared.events.base import Alias, Command, Query, Reply, WireModel
from peerline_shared.events.commands import Actor
from peerline_shared.events.vocabulary import Lang, Role

SpecialistKindKey = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{1,31}$")]
"""`lawyer`, `psychologist`, `doctor`, `social_worker`, or a kind the organisation adds."""
WallClock = Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]
"""`HH:MM` in the specialist's own time zone."""


class AvailabilityWindow(WireModel):
    """Every week on `weekday` (0 = Monday) from `starts` to `ends`, the specialist's local time;
    an end not after the start is on the next day."""

    weekday: int = Field(ge=0, le=6)
    starts: WallClock
    ends: WallClock


class SpecialistKindView(WireModel):
    key: SpecialistKindKey
    label: str = Field(min_length=1, max_length=64)


class SpecialistView(WireModel):
    consultant_id: uuid.UUID
    alias: Alias
    role: Role = "consultant"
    languages: tuple[Lang, ...] = ()
    kinds: tuple[SpecialistKindKey, ...] = ()
    time_zone: str = Field(default="Europe/Kyiv", max_length=64)
    availability: tuple[AvailabilityWindow, ...] = ()
    available_now: bool = False
    next_available_at: datetime | None = None
    """Now, or when their next window opens (None: no availability given)."""


class ListSpecialists(Query):
    """The kinds, and the active specialists (of `kind`, or one `consultant_id`, or all)."""

    type: Literal["query.list_specialists"] = "query.list_specialists"
    schema_version: Literal[1] = 1
    kind: SpecialistKindKey | None = None
    consultant_id: uuid.UUID | None = None


class SpecialistsListed(Reply):
    type: Literal["query.specialists_listed"] = "query.specialists_listed"
    schema_version: Literal[1] = 1
    kinds: tuple[SpecialistKindView, ...] = ()
    specialists: tuple[SpecialistView, ...] = ()


class SaveSpecialistKind(Command):
    """Supervisors: add a kind, or rename one (its key stays)."""

    type: Literal["command.save_specialist_kind"] = "command.save_specialist_kind"
    schema_version: Literal[1] = 1
    actor: Actor
    key: SpecialistKindKey
    label: str = Field(min_length=1, max_length=64)


class SaveSpecialist(Command):
    """Supervisors: which kinds a consultant is (none: not a specialist) and when they answer."""

    type: Literal["command.save_specialist"] = "command.save_specialist"
    schema_version: Literal[1] = 1
    actor: Actor
    consultant_id: uuid.UUID
    kinds: tuple[SpecialistKindKey, ...] = Field(default=(), max_length=10)
    availability: tuple[AvailabilityWindow, ...] = Field(default=(), max_length=50)


class ReferToSpecialist(Command):
    """A consultant refers a conversation to a kind's queue; `keep` leaves it with them until a
    specialist claims it, otherwise it waits unassigned for the specialists."""

    type: Literal["command.refer_to_specialist"] = "command.refer_to_specialist"
    schema_version: Literal[1] = 1
    conversation_id: uuid.UUID
    actor: Actor
    kind: SpecialistKindKey
    keep: bool = False
