"""Planned hours on shift for reports: the pure rule (slots, extra shifts, absences, the clock
change) and the directory's answer over real NATS."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from peerline_directory.domain.shift_hours import hours_on_shift
from peerline_directory.domain.shifts import Interval, ShiftOverride, WeeklySlot
from peerline_shared.bus import request
from peerline_shared.events import GetShiftHours, ShiftHoursListed, ShiftWindow
from peerline_shared.events import subjects as subj

from .conftest import Directory
from .test_rpc import RPC_TIMEOUT, add_consultant

KYIV = ZoneInfo("Europe/Kyiv")
MONDAYS = WeeklySlot(0, time(9), time(17))


def _month(year: int, month: int) -> Interval:
    start = datetime(year, month, 1, tzinfo=KYIV)
    end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=KYIV)
    return Interval(start.astimezone(UTC), end.astimezone(UTC))


def test_weekly_slots_count_every_week_of_the_window() -> None:
    assert hours_on_shift([MONDAYS], [], _month(2026, 11), KYIV) == 5 * 8.0  # Mondays 2, 9, 16, 23, 30


def test_leave_is_taken_off_and_an_extra_shift_added_once() -> None:
    leave = ShiftOverride("leave", datetime(2026, 11, 9), datetime(2026, 11, 10))
    extra = ShiftOverride("extra", datetime(2026, 11, 14, 10), datetime(2026, 11, 14, 14))
    overlapping = ShiftOverride(
        "extra", datetime(2026, 11, 16, 16), datetime(2026, 11, 16, 18)
    )  # one hour more
    assert hours_on_shift([MONDAYS], [leave, extra, overlapping], _month(2026, 11), KYIV) == 40 - 8 + 4 + 1


def test_a_night_slot_is_cut_at_the_window_and_lasts_as_long_as_the_clock_says() -> None:
    night = WeeklySlot(5, time(22), time(7, 30))  # Saturday night into Sunday
    # 25-26 October 2025: the clocks go back, so that night is 10.5 real hours.
    october = hours_on_shift([night], [], _month(2025, 10), KYIV)
    assert october == 4 * 9.5 + 1.0  # Saturdays 4, 11, 18, 25; 25th one hour longer
    # The slot starting on 31 January 2026 (a Saturday) runs into February: only 2 hours in January.
    january = hours_on_shift([night], [], _month(2026, 1), KYIV)
    assert january == 4 * 9.5 + 2.0


@pytest.mark.integration
async def test_the_directory_answers_shift_hours_over_nats(directory: Directory) -> None:
    mondays = await add_consultant(
        directory, "Mondays", [{"weekday": "mon", "starts": "09:00", "ends": "17:00"}]
    )
    month = _month(2026, 11)
    query = GetShiftHours(windows=(ShiftWindow(start=month.start, end=month.end),))
    listed = await request(
        directory.bus, subj.RPC_DIRECTORY_SHIFT_HOURS, query, ShiftHoursListed, timeout=RPC_TIMEOUT
    )
    by_id = {each.consultant_id: each for each in listed.consultants}
    assert by_id[mondays].alias == "Mondays" and by_id[mondays].hours == (40.0,)
