"""Planned hours on shift in a window: weekly slots and extra shifts, less leave and sick days,
each counted once where they overlap (reports for funders). No I/O."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import timedelta
from zoneinfo import ZoneInfo

from peerline_directory.domain.shifts import (
    ABSENCES,
    Interval,
    ShiftOverride,
    WeeklySlot,
    override_interval,
    slot_interval,
)


def _merged(intervals: Iterable[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for each in sorted(intervals, key=lambda interval: interval.start):
        if merged and each.start <= merged[-1].end:
            merged[-1] = Interval(merged[-1].start, max(merged[-1].end, each.end))
        else:
            merged.append(each)
    return merged


def _clipped(intervals: Iterable[Interval], window: Interval) -> list[Interval]:
    clipped = (Interval(max(i.start, window.start), min(i.end, window.end)) for i in intervals)
    return [interval for interval in clipped if interval.start < interval.end]


def _minus(working: Sequence[Interval], absent: Sequence[Interval]) -> list[Interval]:
    left = list(working)
    for gap in absent:
        kept: list[Interval] = []
        for each in left:
            if gap.end <= each.start or gap.start >= each.end:
                kept.append(each)
                continue
            if each.start < gap.start:
                kept.append(Interval(each.start, gap.start))
            if gap.end < each.end:
                kept.append(Interval(gap.end, each.end))
        left = kept
    return left


def hours_on_shift(
    slots: Iterable[WeeklySlot], overrides: Iterable[ShiftOverride], window: Interval, zone: ZoneInfo
) -> float:
    """Hours in the UTC `window` when the consultant is planned on shift."""
    slots, overrides = tuple(slots), tuple(overrides)
    first = window.start.astimezone(zone).date() - timedelta(days=1)  # last night's slot runs on
    last = window.end.astimezone(zone).date()
    working = [
        slot_interval(slot, first + timedelta(days=n), zone)
        for n in range((last - first).days + 1)
        for slot in slots
        if slot.weekday == (first + timedelta(days=n)).weekday()
    ]
    working += [override_interval(o, zone) for o in overrides if o.kind == "extra"]
    absent = _merged(override_interval(o, zone) for o in overrides if o.kind in ABSENCES)
    planned = _minus(_clipped(_merged(working), window), absent)
    return round(sum((i.end - i.start for i in planned), timedelta()).total_seconds() / 3600, 2)
