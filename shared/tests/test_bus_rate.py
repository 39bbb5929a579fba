"""The rate a consumer's linger is decided on."""

from __future__ import annotations

from peerline_shared.bus.rate import RecentRate


def test_the_recent_rate_is_the_last_whole_window_and_lapses_when_quiet() -> None:
    now = [0.0]
    rate = RecentRate(window_s=1.0, clock=lambda: now[0])
    for step in range(10):  # 50 a second: 5 every 0.1 s
        now[0] = step * 0.1
        rate.add(5)
    assert rate.per_second() == 0.0, "no whole window yet"
    now[0] = 1.0
    rate.add(5)
    assert rate.per_second() == 50.0
    now[0] = 2.9
    assert rate.per_second() == 50.0
    now[0] = 3.1
    assert rate.per_second() == 0.0, "nothing fetched for two windows: quiet"
