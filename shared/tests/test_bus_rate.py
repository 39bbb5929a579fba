"""The rate a consumer's linger is decided on, and the linger."""

from __future__ import annotations

import pytest

from peerline_shared.bus.rate import RecentRate, linger_wait


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


def _wait(*, per_second: float = 1000.0, since_last_pull_s: float = 0.0, waiting: int = 0) -> float:
    return linger_wait(per_second=per_second, linger_s=0.010, since_last_pull_s=since_last_pull_s,
                       waiting=waiting, room=64)


def test_under_load_a_consumer_lingers_until_linger_s_after_its_last_pull() -> None:
    assert _wait(since_last_pull_s=0.001) == pytest.approx(0.009)
    assert _wait(since_last_pull_s=0.006) == pytest.approx(0.004)


def test_a_batch_slower_than_linger_s_is_not_followed_by_a_linger() -> None:
    """With every write fsynced, triage took 7-9 ms a batch; a 10 ms linger after each would
    more than halve the batches it can take a second."""
    assert _wait(since_last_pull_s=0.0085) == 0.0, "1.5 ms would gather 1.5 messages"
    assert _wait(since_last_pull_s=0.012) == 0.0


def test_a_quiet_consumer_and_one_in_a_backlog_do_not_linger() -> None:
    assert _wait(per_second=100.0) == 0.0, "one message in 10 ms: not worth the wait"
    assert _wait(per_second=0.0) == 0.0
    assert _wait(waiting=10) == 0.0, "as many wait as 10 ms would bring"
    assert _wait(waiting=9) == pytest.approx(0.010)
