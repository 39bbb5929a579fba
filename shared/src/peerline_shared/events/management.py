"""Consultant and shift management from the console (subjects `helpline.rpc.directory.manage.*`).

The directory owns consultants and shifts; the gateway asks on behalf of a signed-in person,
whose `Actor` travels with every request so the directory can refuse anyone below supervisor.
Changes reply with `CommandResult`; queries reply with a typed result that carries `ok`/`error`
too, so a refusal is an answer rather than a timeout.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import Field, computed_field, model_validator

from peerline_shared.events.base import Alias, Command, Query, Reply, WireModel
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


class ListConsultants(Query):
    type: Literal["query.list_consultants"] = "query.list_consultants"
    schema_version: Literal[1] = 1
    actor: Actor
    active_only: bool = False


class ConsultantsListed(Reply):
    type: Literal["query.consultants_listed"] = "query.consultants_listed"
    schema_version: Literal[1] = 1
    ok: bool = True
    error: str | None = None
    detail: str = ""
    consultants: tuple[ConsultantView, ...] = ()


class SaveConsultant(Command):
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


class ConsultantSavedV1(Reply):
    """Version 1 of the reply to `SaveConsultant`, as directories before v2 send it.

    Its type said "command" for a reply, and `ok` defaulted to True: a producer that forgot
    it reported success with no consultant. Consumers upcast it to `ConsultantSaved` (v2);
    it stays in the contract until no producer sends it."""

    type: Literal["command.consultant_saved"] = "command.consultant_saved"
    schema_version: Literal[1] = 1
    ok: bool = True
    error: str | None = None
    detail: str = ""
    consultant: ConsultantView | None = None


class ConsultantSaved(Reply):
    """The reply to `SaveConsultant`: the consultant as saved, or an error code.

    Version 2: typed as a reply, and success is no longer a field of its own but the absence of
    an error, with the consultant required then (`ok` is still in the JSON, derived)."""

    type: Literal["reply.consultant_saved"] = "reply.consultant_saved"
    schema_version: Literal[2] = 2
    error: str | None = Field(default=None, max_length=100)
    detail: str = ""
    consultant: ConsultantView | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def ok(self) -> bool:
        return self.error is None

    @model_validator(mode="after")
    def _consultant_when_saved(self) -> ConsultantSaved:
        if self.error is None and self.consultant is None:
            raise ValueError("a saved consultant comes with the consultant, or with an error")
        return self


def consultant_saved_v1_to_v2(payload: dict[str, Any]) -> dict[str, Any]:
    """Upcaster: a v1 `ConsultantSaved` as v2. A v1 "ok" without a consultant (what a
    producer that forgot `ok` sent) becomes the error it was."""
    ok = payload.pop("ok", True)
    error = payload.get("error")
    if error is None and (not ok or payload.get("consultant") is None):
        error = "not_saved"
    return {**payload, "type": "reply.consultant_saved", "schema_version": 2, "error": error}


class DeactivateConsultant(Command):
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


class ListShifts(Query):
    type: Literal["query.list_shifts"] = "query.list_shifts"
    schema_version: Literal[1] = 1
    actor: Actor
    consultant_id: uuid.UUID


class ShiftsListed(Reply):
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


class AddShiftSlot(Command):
    type: Literal["command.add_shift_slot"] = "command.add_shift_slot"
    schema_version: Literal[1] = 1
    actor: Actor
    consultant_id: uuid.UUID
    weekday: int = Field(ge=0, le=6)
    starts: ClockTime = Field(pattern=r"^\d{1,2}(:\d{2})?$")
    ends: ClockTime = Field(pattern=r"^\d{1,2}(:\d{2})?$")


class RemoveShiftSlot(Command):
    type: Literal["command.remove_shift_slot"] = "command.remove_shift_slot"
    schema_version: Literal[1] = 1
    actor: Actor
    slot_id: uuid.UUID


class AddShiftOverride(Command):
    """A one-off extra shift or absence, in the consultant's local wall-clock time."""

    type: Literal["command.add_shift_override"] = "command.add_shift_override"
    schema_version: Literal[1] = 1
    actor: Actor
    consultant_id: uuid.UUID
    kind: OverrideKind
    starts: datetime
    ends: datetime


class RemoveShiftOverride(Command):
    type: Literal["command.remove_shift_override"] = "command.remove_shift_override"
    schema_version: Literal[1] = 1
    actor: Actor
    override_id: uuid.UUID
