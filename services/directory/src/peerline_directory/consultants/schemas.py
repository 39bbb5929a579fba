"""Admin input and output shapes for consultants and shifts (HTTP API and CLI)."""

from __future__ import annotations

import uuid
from datetime import datetime, time
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from peerline_directory.domain.ranking import Role
from peerline_directory.domain.shifts import WEEKDAYS, OverrideKind, parse_slot
from peerline_shared.events import Lang, Topic

Country = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]


def _valid_zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {name!r} (e.g. Europe/Kyiv, Europe/Warsaw)") from None
    return name


class ConsultantIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    alias: str = Field(min_length=1, max_length=64, description="the only name clients see")
    languages: list[Lang] = Field(min_length=1)
    topics: list[Topic] = []
    countries: list[Country] = []
    capacity: int = Field(default=3, ge=1, le=20, description="max concurrent conversations")
    role: Role = "consultant"
    telegram_user_id: str | None = Field(default=None, pattern=r"^\d{1,20}$")
    time_zone: str = "Europe/Kyiv"

    @field_validator("countries", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return [str(c).strip().upper() for c in value] if isinstance(value, list) else value

    _zone = field_validator("time_zone")(_valid_zone)


class ConsultantPatch(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    alias: str | None = Field(default=None, min_length=1, max_length=64)
    languages: list[Lang] | None = Field(default=None, min_length=1)
    topics: list[Topic] | None = None
    countries: list[Country] | None = None
    capacity: int | None = Field(default=None, ge=1, le=20)
    role: Role | None = None
    telegram_user_id: str | None = Field(default=None, pattern=r"^\d{1,20}$")
    time_zone: str | None = None
    active: bool | None = None

    @field_validator("time_zone")
    @classmethod
    def _zone(cls, value: str | None) -> str | None:
        return None if value is None else _valid_zone(value)


class ConsultantOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    alias: str
    languages: list[str]
    topics: list[str]
    countries: list[str]
    capacity: int
    role: str
    telegram_user_id: str | None
    time_zone: str
    active: bool
    created_at: datetime


class SlotIn(BaseModel):
    """A weekly slot in the consultant's local time; `22:00`–`06:00` ends the next morning."""

    model_config = ConfigDict(extra="forbid")

    weekday: str | int = Field(description="mon … sun, or 0 (Monday) … 6")
    starts: str = Field(pattern=r"^\d{1,2}(:\d{2})?$", examples=["22:00"])
    ends: str = Field(pattern=r"^\d{1,2}(:\d{2})?$", examples=["06:00"])

    def parsed(self) -> tuple[int, time, time]:
        slot = parse_slot(self.weekday, f"{self.starts}-{self.ends}")
        return slot.weekday, slot.start, slot.end


class SlotOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    weekday: int
    starts: time
    ends: time

    @property
    def weekday_name(self) -> str:
        return WEEKDAYS[self.weekday]


class OverrideIn(BaseModel):
    """A one-off change, local wall-clock times without offset (`2025-10-25T22:00`)."""

    model_config = ConfigDict(extra="forbid")

    kind: OverrideKind
    starts: datetime
    ends: datetime

    @field_validator("starts", "ends")
    @classmethod
    def _wall_clock(cls, value: datetime) -> datetime:
        if value.tzinfo is not None:
            raise ValueError("give local wall-clock time without an offset")
        return value


class OverrideOut(BaseModel):
    id: uuid.UUID
    kind: str
    starts: datetime
    ends: datetime


class ShiftsOut(BaseModel):
    consultant_id: uuid.UUID
    alias: str
    time_zone: str
    on_shift_now: bool
    slots: list[SlotOut]
    overrides: list[OverrideOut]
