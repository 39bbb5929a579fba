"""Consultant and shift management from the console (subjects `helpline.rpc.directory.manage.*`).

The directory owns consultants and shifts; the gateway asks on behalf of a signed-in person,
whose `Actor` travels with every request so the directory can refuse anyone below supervisor.
Changes reply with `CommandResult`; queries reply with a typed result that carries `ok`/`error`
too, so a refusal is an answer rather than a timeout.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field

from peerline_shared.events.base import Alias, EventBase, WireModel
from peerline_shared.events.commands import Actor
from peerline_shared.events.vocabulary import Lang, OverrideKind, Role, Topic

ConsultantRole = Role
ClockTime = str
"""`HH:MM` in the consultant's own time zone; `22:00`–`06:00` ends the next morning."""


class ConsultantView(WireModel):
    consultant_id: uuid.UUID
    alias: Alias
    languages: tuple[Lang, ...] = ()
    topics: tuple[Topic, ...] = ()
    countries: tuple[str, ...] = ()
    capacity: int = 1
    role: ConsultantRole = "consultant"
    time_zone: str = "Europe/Kyiv"
    active: bool = True


class ListConsultants(EventBase):
    type: Literal["query.list_consultants"] = "query.list_consultants"
    schema_version: Literal[1] = 1
    actor: Actor
    active_only: bool = False


class ConsultantsListed(EventBase):
    type: Literal["query.consultants_listed"] = "query.consultants_listed"
    schema_version: Literal[1] = 1
    ok: bool = True
    error: str | None = None
    detail: str = ""
    consultants: tuple[ConsultantView, ...] = ()


class SaveConsultant(EventBase):
    """Create a consultant (`consultant_id` None) or change one (every field is replaced)."""

    type: Literal["command.save_consultant"] = "command.save_consultant"
    schema_version: Literal[1] = 1
    actor: Actor
    consultant_id: uuid.UUID | None = None
    alias: Alias
    languages: tuple[Lang, ...] = Field(min_length=1)
    topics: tuple[Topic, ...] = ()
    countries: tuple[str, ...] = ()
    capacity: int = Field(default=3, ge=1, le=20)
    role: ConsultantRole = "consultant"
    time_zone: str = Field(default="Europe/Kyiv", max_length=64)


class ConsultantSaved(EventBase):
    type: Literal["command.consultant_saved"] = "command.consultant_saved"
    schema_version: Literal[1] = 1
    ok: bool = True
    error: str | None = None
    detail: str = ""
    consultant: ConsultantView | None = None


class DeactivateConsultant(EventBase):
    type: Literal["command.deactivate_consultant"] = "command.deactivate_consultant"
    schema_version: Literal[1] = 1
    actor: Actor
    consultant_id: uuid.UUID


class ShiftSlotView(WireModel):
    slot_id: uuid.UUID
    weekday: int = Field(ge=0, le=6)
    """0 is Monday."""
    starts: ClockTime
    ends: ClockTime


class ShiftOverrideView(WireModel):
    override_id: uuid.UUID
    kind: OverrideKind
    starts: datetime
    """Local wall-clock time in the consultant's time zone, without offset."""
    ends: datetime


class ListShifts(EventBase):
    type: Literal["query.list_shifts"] = "query.list_shifts"
    schema_version: Literal[1] = 1
    actor: Actor
    consultant_id: uuid.UUID


class ShiftsListed(EventBase):
    type: Literal["query.shifts_listed"] = "query.shifts_listed"
    schema_version: Literal[1] = 1
    ok: bool = True
    error: str | None = None
    detail: str = ""
    consultant_id: uuid.UUID | None = None
    alias: str = ""
    time_zone: str = ""
    on_shift_now: bool = False
    slots: tuple[ShiftSlotView, ...] = ()
    overrides: tuple[ShiftOverrideView, ...] = ()


class AddShiftSlot(EventBase):
    type: Literal["command.add_shift_slot"] = "command.add_shift_slot"
    schema_version: Literal[1] = 1
    actor: Actor
    consultant_id: uuid.UUID
    weekday: int = Field(ge=0, le=6)
    starts: ClockTime = Field(pattern=r"^\d{1,2}(:\d{2})?$")
    ends: ClockTime = Field(pattern=r"^\d{1,2}(:\d{2})?$")


class RemoveShiftSlot(EventBase):
    type: Literal["command.remove_shift_slot"] = "command.remove_shift_slot"
    schema_version: Literal[1] = 1
    actor: Actor
    slot_id: uuid.UUID


class AddShiftOverride(EventBase):
    """A one-off extra shift or absence, in the consultant's local wall-clock time."""

    type: Literal["command.add_shift_override"] = "command.add_shift_override"
    schema_version: Literal[1] = 1
    actor: Actor
    consultant_id: uuid.UUID
    kind: OverrideKind
    starts: datetime
    ends: datetime


class RemoveShiftOverride(EventBase):
    type: Literal["command.remove_shift_override"] = "command.remove_shift_override"
    schema_version: Literal[1] = 1
    actor: Actor
    override_id: uuid.UUID
