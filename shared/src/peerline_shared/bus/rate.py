"""How many messages a consumer has been getting a second: its `linger_s` applies only under load."""

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
