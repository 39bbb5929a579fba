"""When a specialist next answers, from their weekly availability (pure).

Availability windows are written like shift slots (local wall time, a window whose end is not
after its start ends the next day) but they are not shifts: a lawyer who answers on Tuesday
and Thursday afternoons is reachable through their kind's queue, never routed as on shift.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from peerline_directory.domain.shifts import WeeklySlot, slot_interval

LOOKAHEAD_DAYS = 8
"""A weekly window recurs within 7 days; one more covers a window that started yesterday."""


def next_available(windows: Iterable[WeeklySlot], zone: ZoneInfo | str, now: datetime) -> datetime | None:
    """`now` when a window is open, else the start of the next one; None without windows."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    tz = ZoneInfo(zone) if isinstance(zone, str) else zone
    windows = tuple(windows)
    today = now.astimezone(tz).date()
    starts: list[datetime] = []
    for offset in range(-1, LOOKAHEAD_DAYS):
        day = today + timedelta(days=offset)
        for window in windows:
            if window.weekday != day.weekday():
                continue
            interval = slot_interval(window, day, tz)
            if interval.contains(now):
                return now
            if interval.start > now:
                starts.append(interval.start)
    return min(starts, default=None)
