"""Help-service entries: validation of imported rows, staleness, and search text.

An import is all or nothing: `validate_rows` checks every row and returns either the records or
every error with its line and field, so a file with two bad lines among a thousand reports both.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from peerline_shared.events.directory import HelpServiceKind

KINDS: tuple[str, ...] = get_args(HelpServiceKind)
STALE_AFTER = timedelta(days=183)
"""About six months: after this an entry is shown with a "not verified recently" warning."""
LIST_SEPARATORS = (";", ",", "|")
COLUMNS: tuple[str, ...] = (
    "id", "name", "kinds", "country", "city", "address", "latitude", "longitude", "languages",
    "opening_hours", "contacts", "notes", "last_verified", "is_example",
)
REQUIRED_COLUMNS: frozenset[str] = frozenset({"name", "kinds", "country", "city"})
KIND_TOKEN_PREFIX = "peerlinekind"
"""Kinds are indexed as hidden words (`peerlinekindost`), so a query word that names a kind in
any language matches every entry of that kind whatever language the entry is written in."""


def _split_list(value: Any) -> Any:
    if isinstance(value, str):
        for separator in LIST_SEPARATORS:
            value = value.replace(separator, ";")
        return tuple(dict.fromkeys(part.strip() for part in value.split(";") if part.strip()))
    return value


def _blank_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


class HelpServiceRecord(BaseModel):
    """One entry as imported, exported and stored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    id: uuid.UUID | None = None
    name: str = Field(min_length=1, max_length=200)
    kinds: tuple[HelpServiceKind, ...] = Field(min_length=1)
    country: str = Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2, e.g. UA, PL")
    city: str = Field(min_length=1, max_length=100)
    address: str = Field(default="", max_length=300)
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    languages: tuple[str, ...] = ()
    opening_hours: str = Field(default="", max_length=300)
    contacts: str = Field(default="", max_length=500)
    notes: str = Field(default="", max_length=2000)
    last_verified: date | None = None
    is_example: bool = False

    @field_validator("kinds", "languages", mode="before")
    @classmethod
    def _lists(cls, value: Any) -> Any:
        value = _split_list(value)
        if isinstance(value, list | tuple):
            return tuple(str(item).strip().lower() for item in value)
        return value

    @field_validator("languages")
    @classmethod
    def _language_codes(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        bad = [code for code in value if not (2 <= len(code) <= 3 and code.isascii() and code.isalpha())]
        if bad:
            raise ValueError(f"language codes are ISO 639-1 like uk, ru, en; got {', '.join(bad)}")
        return value

    @field_validator("country", mode="before")
    @classmethod
    def _upper_country(cls, value: Any) -> Any:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("id", "latitude", "longitude", "last_verified", mode="before")
    @classmethod
    def _blank_optional(cls, value: Any) -> Any:
        return _blank_to_none(value)

    @field_validator("is_example", "address", "opening_hours", "contacts", "notes", mode="before")
    @classmethod
    def _blank_default(cls, value: Any, info: Any) -> Any:
        if value is None or (isinstance(value, str) and not value.strip()):
            return False if info.field_name == "is_example" else ""
        return value

    @model_validator(mode="after")
    def _coordinates_together(self) -> HelpServiceRecord:
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("latitude and longitude go together: give both or neither")
        return self


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.field}: {self.message}"


@dataclass(frozen=True)
class Validated:
    records: tuple[HelpServiceRecord, ...]
    errors: tuple[RowError, ...]

    @property
    def ok(self) -> bool:
        return not self.errors


def header_errors(columns: Iterable[str], line: int = 1) -> list[RowError]:
    present = set(columns)
    errors = [RowError(line, name, "required column is missing")
              for name in sorted(REQUIRED_COLUMNS - present)]
    errors += [RowError(line, name, f"unknown column (known: {', '.join(COLUMNS)})")
               for name in sorted(present - set(COLUMNS))]
    return errors


def validate_row(line: int, row: Mapping[str, Any]) -> HelpServiceRecord | list[RowError]:
    try:
        return HelpServiceRecord.model_validate(dict(row))
    except ValidationError as problem:
        return [RowError(line, _field_of(error["loc"]), error["msg"]) for error in problem.errors()]


def _field_of(loc: tuple[int | str, ...]) -> str:
    return str(loc[0]) if loc else "row"


def validate_rows(rows: Iterable[tuple[int, Mapping[str, Any]]]) -> Validated:
    """Every row checked, duplicate ids caught; records only if there is no error at all."""
    records: list[HelpServiceRecord] = []
    errors: list[RowError] = []
    seen_ids: dict[uuid.UUID, int] = {}
    for line, row in rows:
        outcome = validate_row(line, row)
        if isinstance(outcome, list):
            errors.extend(outcome)
            continue
        if outcome.id is not None and outcome.id in seen_ids:
            errors.append(RowError(line, "id", f"same id as line {seen_ids[outcome.id]}"))
            continue
        if outcome.id is not None:
            seen_ids[outcome.id] = line
        records.append(outcome)
    return Validated(tuple(records) if not errors else (), tuple(errors))


def is_stale(last_verified: date | None, today: date) -> bool:
    """Not verified for over six months (or never): the console warns before referring."""
    return last_verified is None or today - last_verified > STALE_AFTER


def kind_token(kind: str) -> str:
    return KIND_TOKEN_PREFIX + kind.replace("_", "")


def search_text(record: HelpServiceRecord) -> str:
    """What full-text search indexes: the words people search by, plus hidden kind tokens."""
    parts = [record.name, record.city, record.address, record.notes, record.opening_hours,
             " ".join(record.kinds).replace("_", " "), " ".join(kind_token(k) for k in record.kinds)]
    return " ".join(part for part in parts if part)
