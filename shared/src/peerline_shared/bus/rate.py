"""How many messages a consumer has been getting a second, and how long it lingers for more:
its `linger_s` applies only under load."""

from __future__ import annotations

import time
from collections.abc import Callable


class RecentRate:
    """Messages a second over the last whole window (one second by default): cheap enough to
    update every fetch, and a burst's effect lasts one window."""

    def __init__(self, window_s: float = 1.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.window_s, self.clock = window_s, clock
        self.started, self.counted, self.last = clock(), 0, 0.0

    def add(self, count: int) -> None:
        now = self.clock()
        elapsed = now - self.started
        if elapsed >= self.window_s:
            # A window with no fetch at all (a quiet spell) counts as none, not as the last one.
            self.last = self.counted / elapsed if elapsed < 2 * self.window_s else 0.0
            self.started, self.counted = now, 0
        self.counted += count

    def per_second(self) -> float:
        return self.last if self.clock() - self.started < 2 * self.window_s else 0.0


LINGER_GAIN = 2.0
"""A consumer lingers only when the last second's rate brings at least this many messages
within the wait: a wait that would gather one message more is not worth its latency."""


def linger_wait(*, per_second: float, linger_s: float, since_last_pull_s: float, waiting: int,
                room: int) -> float:
    """How long a consumer holding one message waits for more before it pulls them (0: not).

    `linger_s` is the shortest time between two pulls under load, not a wait added to each:
    the time the last batch took to handle counts towards it. A consumer slower than
    `linger_s` a batch (its publishes waiting on a disk that fsyncs every write) never
    sleeps, or each batch would cost its handling and the linger, and the consumer would fall
    behind the very load the linger is for. Nor does a quiet consumer (too few would come), or
    one in a backlog (as many wait already as the wait would bring)."""
    wait = linger_s - since_last_pull_s
    coming = per_second * wait
    if wait <= 0 or coming < LINGER_GAIN or waiting >= min(room - 1, coming):
        return 0.0
    return wait
