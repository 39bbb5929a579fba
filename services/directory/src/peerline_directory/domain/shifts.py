"""Who is on shift at an instant: weekly slots plus one-off overrides, in local wall time.

Slots and overrides are written as the consultant reads them on their own clock (Europe/Kyiv by
default) and turned into UTC intervals for the date in question, so a shift is as long as the
clock says even on the nights the clock jumps. A slot whose end is not after its start ends on
the next day (22:00–06:00); equal start and end is a full 24 hours.

A wall time that does not exist (03:00–04:00 on the last Sunday of March in Kyiv) is read with
the offset before the jump, so 03:00 is the instant of the jump itself; a wall time that happens
twice (03:00–04:00 on the last Sunday of October) starts a shift at its first occurrence and
ends one at its second, so the clock change never cuts a shift short.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from peerline_shared.events.vocabulary import OverrideKind

DEFAULT_TIME_ZONE = "Europe/Kyiv"
ABSENCES: frozenset[str] = frozenset({"leave", "sick"})


@dataclass(frozen=True)
class WeeklySlot:
    """Every week on `weekday` (0 = Monday) from `start` to `end`, local time."""

    weekday: int
    start: time
    end: time

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise ValueError(f"weekday must be 0 (Monday) … 6 (Sunday), got {self.weekday}")

    @property
    def crosses_midnight(self) -> bool:
        return self.end <= self.start


@dataclass(frozen=True)
class ShiftOverride:
    """A one-off change in local wall time: an extra shift, or leave / a sick day (absence)."""

    kind: OverrideKind
    starts: datetime
    ends: datetime

    def __post_init__(self) -> None:
        if self.starts.tzinfo is not None or self.ends.tzinfo is not None:
            raise ValueError("override times are local wall-clock times (naive)")
        if self.ends <= self.starts:
            raise ValueError("an override must end after it starts")


@dataclass(frozen=True)
class Interval:
    """A half-open UTC interval [start, end)."""

    start: datetime
    end: datetime

    def contains(self, instant: datetime) -> bool:
        return self.start <= instant < self.end


def local_to_utc(wall: datetime, zone: ZoneInfo, *, fold: int = 0) -> datetime:
    """A naive local wall time to UTC; `fold` picks the occurrence of a repeated hour."""
    return wall.replace(tzinfo=zone, fold=fold).astimezone(UTC)


def start_to_utc(wall: datetime, zone: ZoneInfo) -> datetime:
    return local_to_utc(wall, zone, fold=0)


def end_to_utc(wall: datetime, zone: ZoneInfo) -> datetime:
    # Repeated hour: fold=1 is the later occurrence. Skipped hour: fold=0 is the jump itself.
    return max(local_to_utc(wall, zone, fold=0), local_to_utc(wall, zone, fold=1))


def slot_interval(slot: WeeklySlot, day: date, zone: ZoneInfo) -> Interval:
    """The UTC interval of `slot` when it starts on local date `day`."""
    end_day = day + timedelta(days=1) if slot.crosses_midnight else day
    start = start_to_utc(datetime.combine(day, slot.start), zone)
    end = end_to_utc(datetime.combine(end_day, slot.end), zone)
    return Interval(start, end)


def override_interval(override: ShiftOverride, zone: ZoneInfo) -> Interval:
    return Interval(start_to_utc(override.starts, zone), end_to_utc(override.ends, zone))


@dataclass(frozen=True)
class DayPlan:
    """The UTC intervals that decide one local date: slots starting that day or the day
    before (night shifts), extra shifts, and absences. Cheap to test many instants against."""

    working: tuple[Interval, ...]
    absent: tuple[Interval, ...]

    def on_shift(self, at_utc: datetime) -> bool:
        if any(interval.contains(at_utc) for interval in self.absent):
            return False
        return any(interval.contains(at_utc) for interval in self.working)


def plan_for_day(
    slots: Iterable[WeeklySlot], overrides: Iterable[ShiftOverride], day: date, zone: ZoneInfo
) -> DayPlan:
    slots, overrides = tuple(slots), tuple(overrides)
    # A slot that started yesterday may still run (night shifts, 24 h slots).
    working = [slot_interval(slot, start_day, zone)
               for start_day in (day - timedelta(days=1), day)
               for slot in slots if slot.weekday == start_day.weekday()]
    working += [override_interval(o, zone) for o in overrides if o.kind == "extra"]
    absent = [override_interval(o, zone) for o in overrides if o.kind in ABSENCES]
    return DayPlan(tuple(working), tuple(absent))


def is_on_shift(
    slots: Iterable[WeeklySlot],
    overrides: Iterable[ShiftOverride],
    at_utc: datetime,
    zone: ZoneInfo | str = DEFAULT_TIME_ZONE,
) -> bool:
    """On shift at `at_utc`: in a weekly slot or an extra shift, and not on leave or sick."""
    if at_utc.tzinfo is None:
        raise ValueError("at_utc must be timezone-aware")
    tz = ZoneInfo(zone) if isinstance(zone, str) else zone
    return plan_for_day(slots, overrides, at_utc.astimezone(tz).date(), tz).on_shift(at_utc)


def parse_slot(weekday: str | int, span: str) -> WeeklySlot:
    """`parse_slot("sat", "22:00-06:00")`: the shape the CLI and the admin API accept."""
    start_text, sep, end_text = span.partition("-")
    if not sep:
        raise ValueError(f"a shift is written as HH:MM-HH:MM, got {span!r}")
    return WeeklySlot(parse_weekday(weekday), _parse_time(start_text), _parse_time(end_text))


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def parse_weekday(value: str | int) -> int:
    if isinstance(value, int):
        return value
    key = value.strip().lower()[:3]
    if key.isdigit():
        return int(key)
    if key not in WEEKDAYS:
        raise ValueError(f"unknown weekday {value!r} (use mon … sun)")
    return WEEKDAYS.index(key)


def _parse_time(text: str) -> time:
    text = text.strip()
    if text in {"24:00", "24"}:
        return time(0, 0)
    try:
        return time.fromisoformat(text if ":" in text else f"{int(text):02d}:00")
    except ValueError:
        raise ValueError(f"not a time of day: {text!r}") from None
