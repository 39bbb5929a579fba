"""Shift rules: weekly slots, night shifts across midnight, overrides, and Kyiv's DST nights.

Kyiv: last Sunday of March 2025 (30th) clocks jump 03:00 EET -> 04:00 EEST (01:00 UTC);
last Sunday of October 2025 (26th) they fall back 04:00 EEST -> 03:00 EET (01:00 UTC).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from peerline_directory.domain.shifts import (
    ShiftOverride,
    WeeklySlot,
    is_on_shift,
    parse_slot,
    slot_interval,
)

KYIV = ZoneInfo("Europe/Kyiv")
SAT, SUN, MON = 5, 6, 0
NIGHT = [WeeklySlot(SAT, time(22), time(6))]


def kyiv(*args: int, fold: int = 0) -> datetime:
    return datetime(*args, tzinfo=KYIV, fold=fold).astimezone(UTC)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(("instant", "expected"), [
    (kyiv(2025, 6, 7, 21, 59), False),
    (kyiv(2025, 6, 7, 22, 0), True),
    (kyiv(2025, 6, 7, 23, 30), True),
    (kyiv(2025, 6, 8, 0, 0), True),   # after midnight: Sunday, still Saturday's shift
    (kyiv(2025, 6, 8, 5, 59), True),
    (kyiv(2025, 6, 8, 6, 0), False),  # the end is exclusive
    (kyiv(2025, 6, 8, 23, 30), False),
    (kyiv(2025, 6, 6, 23, 30), False),  # Friday night is not Saturday's shift
])
def test_night_shift_crosses_midnight(instant: datetime, expected: bool) -> None:
    assert is_on_shift(NIGHT, [], instant) is expected


def test_october_night_shift_lasts_nine_real_hours() -> None:
    interval = slot_interval(NIGHT[0], datetime(2025, 10, 25).date(), KYIV)
    assert interval.start == utc(2025, 10, 25, 19, 0)  # 22:00 EEST
    assert interval.end == utc(2025, 10, 26, 4, 0)     # 06:00 EET
    assert interval.end - interval.start == timedelta(hours=9)


def test_march_night_shift_lasts_seven_real_hours() -> None:
    interval = slot_interval(NIGHT[0], datetime(2025, 3, 29).date(), KYIV)
    assert interval.start == utc(2025, 3, 29, 20, 0)  # 22:00 EET
    assert interval.end == utc(2025, 3, 30, 3, 0)     # 06:00 EEST
    assert interval.end - interval.start == timedelta(hours=7)


@pytest.mark.parametrize(("instant", "expected"), [
    (utc(2025, 10, 26, 0, 30), True),   # 03:30 EEST, first pass through the repeated hour
    (utc(2025, 10, 26, 1, 30), True),   # 03:30 EET, second pass
    (utc(2025, 10, 26, 3, 59), True),   # 05:59 EET
    (utc(2025, 10, 26, 4, 0), False),   # 06:00 EET
    (kyiv(2025, 10, 26, 7, 0), False),
])
def test_october_fall_back_night(instant: datetime, expected: bool) -> None:
    assert is_on_shift(NIGHT, [], instant) is expected


@pytest.mark.parametrize(("instant", "expected"), [
    (utc(2025, 3, 30, 0, 59), True),   # 02:59 EET
    (utc(2025, 3, 30, 1, 0), True),    # 04:00 EEST, right after the jump
    (utc(2025, 3, 30, 2, 59), True),   # 05:59 EEST
    (utc(2025, 3, 30, 3, 0), False),   # 06:00 EEST
])
def test_march_spring_forward_night(instant: datetime, expected: bool) -> None:
    assert is_on_shift(NIGHT, [], instant) is expected


def test_shift_ending_in_the_repeated_hour_ends_at_its_second_occurrence() -> None:
    slot = WeeklySlot(SAT, time(22), time(3, 30))
    interval = slot_interval(slot, datetime(2025, 10, 25).date(), KYIV)
    assert interval.end == kyiv(2025, 10, 26, 3, 30, fold=1) == utc(2025, 10, 26, 1, 30)


def test_shift_starting_in_the_skipped_hour_starts_at_the_jump() -> None:
    slot = WeeklySlot(SUN, time(3, 0), time(9, 0))
    interval = slot_interval(slot, datetime(2025, 3, 30).date(), KYIV)
    assert interval.start == utc(2025, 3, 30, 1, 0)  # 03:00 EET does not exist: 04:00 EEST
    assert interval.end == kyiv(2025, 3, 30, 9, 0)


def test_day_shift_follows_local_clock_across_dst() -> None:
    day = [WeeklySlot(MON, time(9), time(17))]
    assert is_on_shift(day, [], kyiv(2025, 3, 24, 9, 0))   # winter: 07:00 UTC
    assert is_on_shift(day, [], kyiv(2025, 3, 31, 9, 0))   # summer: 06:00 UTC
    assert not is_on_shift(day, [], utc(2025, 3, 31, 14, 30))  # 17:30 EEST


def test_equal_start_and_end_is_a_full_day() -> None:
    always = [WeeklySlot(d, time(0), time(0)) for d in range(7)]
    for hours in range(0, 24 * 8, 5):
        assert is_on_shift(always, [], utc(2025, 10, 20) + timedelta(hours=hours))


def test_leave_and_sick_day_remove_a_shift() -> None:
    leave = ShiftOverride("leave", datetime(2025, 6, 7), datetime(2025, 6, 9))
    assert not is_on_shift(NIGHT, [leave], kyiv(2025, 6, 7, 23, 0))
    sick = ShiftOverride("sick", datetime(2025, 6, 8, 0, 0), datetime(2025, 6, 9, 0, 0))
    assert is_on_shift(NIGHT, [sick], kyiv(2025, 6, 7, 23, 0))
    assert not is_on_shift(NIGHT, [sick], kyiv(2025, 6, 8, 1, 0))


def test_extra_shift_adds_time_and_absence_wins_over_it() -> None:
    extra = ShiftOverride("extra", datetime(2025, 6, 10, 9), datetime(2025, 6, 10, 13))
    assert is_on_shift([], [extra], kyiv(2025, 6, 10, 12, 59))
    assert not is_on_shift([], [extra], kyiv(2025, 6, 10, 13, 0))
    sick = ShiftOverride("sick", datetime(2025, 6, 10), datetime(2025, 6, 11))
    assert not is_on_shift([], [extra, sick], kyiv(2025, 6, 10, 10, 0))


def test_other_time_zone() -> None:
    warsaw_day = [WeeklySlot(MON, time(9), time(17))]
    instant = datetime(2025, 6, 9, 16, 30, tzinfo=ZoneInfo("Europe/Warsaw"))
    assert is_on_shift(warsaw_day, [], instant, "Europe/Warsaw")
    assert not is_on_shift(warsaw_day, [], instant)  # 17:30 in Kyiv: that shift is over


def test_naive_instants_and_bad_input_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        is_on_shift(NIGHT, [], datetime(2025, 6, 7, 23))
    with pytest.raises(ValueError, match="end after"):
        ShiftOverride("leave", datetime(2025, 6, 7), datetime(2025, 6, 7))
    with pytest.raises(ValueError):
        parse_slot("funday", "22:00-06:00")
    with pytest.raises(ValueError):
        parse_slot("sat", "22:00")


def test_parse_slot() -> None:
    assert parse_slot("Saturday", "22:00-06:00") == NIGHT[0]
    assert parse_slot(6, "9-17") == WeeklySlot(SUN, time(9), time(17))
    assert parse_slot("mon", "18:00-24:00") == WeeklySlot(MON, time(18), time(0))
