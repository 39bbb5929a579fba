"""When a specialist next answers, from weekly windows in their own time zone (pure)."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from peerline_directory.domain.shifts import WeeklySlot
from peerline_directory.domain.specialists import next_available

# Tuesday 2026-03-03, 10:00 UTC = 12:00 in Kyiv (UTC+2 before the clocks change).
NOW = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)
TUESDAY, THURSDAY, MONDAY = 1, 3, 0


@pytest.mark.parametrize(
    ("windows", "expected"),
    [
        ([], None),
        ([WeeklySlot(TUESDAY, time(11, 0), time(13, 0))], NOW),  # open now (Kyiv noon)
        ([WeeklySlot(TUESDAY, time(14, 0), time(18, 0))], datetime(2026, 3, 3, 12, 0, tzinfo=UTC)),
        (
            [WeeklySlot(THURSDAY, time(9, 0), time(12, 0)), WeeklySlot(TUESDAY, time(8, 0), time(9, 0))],
            datetime(2026, 3, 5, 7, 0, tzinfo=UTC),
        ),  # Tuesday's has passed: Thursday's is next
        ([WeeklySlot(MONDAY, time(22, 0), time(13, 0))], NOW),  # from last night, still open
        ([WeeklySlot(TUESDAY, time(8, 0), time(9, 0))], datetime(2026, 3, 10, 6, 0, tzinfo=UTC)),  # next week
    ],
)
def test_next_available(windows: list[WeeklySlot], expected: datetime | None) -> None:
    assert next_available(windows, "Europe/Kyiv", NOW) == expected


def test_the_specialists_own_time_zone_counts() -> None:
    window = [WeeklySlot(TUESDAY, time(14, 0), time(15, 0))]
    # 10:00 UTC is 15:00 in Almaty (UTC+5): Tuesday's window there has just closed.
    assert next_available(window, "Asia/Almaty", NOW) == datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    assert next_available(window, "UTC", NOW) == datetime(2026, 3, 3, 14, 0, tzinfo=UTC)


def test_a_naive_instant_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        next_available([], "UTC", NOW.replace(tzinfo=None))
