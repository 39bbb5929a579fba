"""Fixed-window rate limits in Redis, shared by every gateway process.

A limit may reserve its uses from Redis several at a time (`Limit.reserve`): the counter in
Redis then counts reserved uses, and the process spends its reservation from memory until it
runs out or the window ends. No process ever allows a use it did not reserve, so every
process together never allows more than `per_window` in a window, as with one call a use;
the price is the other way: a reservation a process does not spend is lost with its window,
so a subject whose uses land on several processes at once (two tabs on two replicas) may be
refused up to `reserve - 1` uses early for each process beyond the first
(docs/benchmarks.md, "The gateway's own JetStream publish and the chat limit's reservations").
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

from redis.asyncio import Redis
from redis.commands.core import AsyncScript


@dataclass(frozen=True)
class Limit:
    name: str
    per_window: int
    window_seconds: int
    reserve: int = 1
    """Uses taken from Redis in one call; the process spends the rest from memory."""

    def window(self, now: float) -> int:
        return int(now // self.window_seconds)

    def key(self, subject: str, now: float) -> str:
        return f"ratelimit:{self.name}:{subject}:{self.window(now)}"

    def granted(self, reserved_total: int) -> int:
        """Of the `reserve` uses just added to a counter that now stands at `reserved_total`,
        how many are within the limit (the rest were reserved past it)."""
        return min(self.reserve, max(0, self.per_window - (reserved_total - self.reserve)))


# Every counter counted (by its amount) and given its expiry in one command (atomic, like the
# MULTI, INCR, EXPIRE and EXEC it replaces): redis-py's work per command is most of a call's
# CPU, and this runs for every chat message (184 -> 97 µs a call, docs/benchmarks.md). A key
# listed twice is counted twice, in order, so the uses of several callers can share one call.
# ARGV holds each key's amount and expiry, in turn.
COUNT_USES = """
local counts = {}
for index, key in ipairs(KEYS) do
  counts[index] = redis.call('INCRBY', key, ARGV[2 * index - 1])
  redis.call('EXPIRE', key, ARGV[2 * index])
end
return counts
"""


@dataclass
class PendingUses:
    """Uses asked for in one turn of the event loop, sent together by one task."""

    keys: list[str] = field(default_factory=list)
    amounts_and_expiries: list[int] = field(default_factory=list)
    waiting: list[tuple[asyncio.Future[list[int]], int, int]] = field(default_factory=list)


class UseCounter:
    """Counts uses in Redis, one script call for every use asked for in the same turn of the
    event loop (many sockets' messages arrive in one read of the loop's selector). Each caller
    gets its own counts, in its own keys' order; when the call fails, each caller gets the error."""

    def __init__(self, redis: Redis) -> None:
        self.count_uses: AsyncScript = redis.register_script(COUNT_USES)
        self.pending: PendingUses | None = None
        self.sending: set[asyncio.Task[None]] = set()  # held so the loop cannot drop a send

    async def count(self, keys: list[str], amounts: list[int], expiries: list[int]) -> list[int]:
        if self.pending is None:
            self.pending = PendingUses()
            task = asyncio.get_running_loop().create_task(self.send_pending())
            self.sending.add(task)
            task.add_done_callback(self.sending.discard)
        pending = self.pending
        counted: asyncio.Future[list[int]] = asyncio.get_running_loop().create_future()
        pending.waiting.append((counted, len(pending.keys), len(keys)))
        pending.keys.extend(keys)
        for amount, expiry in zip(amounts, expiries, strict=True):
            pending.amounts_and_expiries.extend((amount, expiry))
        return await counted

    async def send_pending(self) -> None:
        """Runs on the loop's next turn: by then every caller of this turn has joined."""
        batch, self.pending = self.pending, None
        assert batch is not None
        try:
            answer = await self.count_uses(keys=batch.keys, args=batch.amounts_and_expiries)
            counts = [int(count) for count in answer]
        except Exception as exc:  # Redis busy or gone: every caller answers as it did alone
            for counted, _, _ in batch.waiting:
                if not counted.done():
                    counted.set_exception(exc)
            return
        for counted, start, length in batch.waiting:
            if not counted.done():  # a caller whose socket closed meanwhile no longer waits
                counted.set_result(counts[start : start + length])


@dataclass
class Reservations:
    """Uses reserved in Redis and not spent yet, by counter key, for the current window only."""

    window: int = -1
    left: dict[str, int] = field(default_factory=dict)

    def take(self, key: str, window: int) -> bool:
        if window != self.window:
            self.window, self.left = window, {}  # the old window's reservations go with it
        left = self.left.get(key, 0)
        if left <= 0:
            return False
        self.left[key] = left - 1
        return True

    def add(self, key: str, window: int, count: int) -> None:
        if window == self.window and count > 0:
            self.left[key] = self.left.get(key, 0) + count


class RateLimiter:
    """Counts one use of every limit it holds, in one command to Redis (or none, while this
    process holds reserved uses: `Limit.reserve`). Only for subjects that may be kept
    (pseudonyms): client addresses are counted in memory (addresses.py). One limiter serves
    every socket of a process, so their uses share calls (`UseCounter`) and reservations."""

    def __init__(self, redis: Redis, *limits: Limit) -> None:
        self.limits = limits
        self.counter = UseCounter(redis)
        self.reservations = [Reservations() for _ in limits]

    async def allow(self, *subjects: str) -> bool:
        """True when each subject (one per limit, in order) is within its limit. Every counter
        counts the use, allowed or not: a flood stays over its limit until it stops."""
        if len(subjects) != len(self.limits):
            raise ValueError(f"{len(self.limits)} subjects expected, got {len(subjects)}")
        now = time.time()
        allowed = True
        asked: list[tuple[Limit, Reservations, str, int]] = []
        for limit, reservations, subject in zip(self.limits, self.reservations, subjects, strict=True):
            key, window = limit.key(subject, now), limit.window(now)
            if not reservations.take(key, window):
                asked.append((limit, reservations, key, window))
        if not asked:
            return True
        counts = await self.counter.count(
            [key for _, _, key, _ in asked],
            [limit.reserve for limit, _, _, _ in asked],
            [limit.window_seconds * 2 for limit, _, _, _ in asked],
        )
        for (limit, reservations, key, window), count in zip(asked, counts, strict=True):
            granted = limit.granted(count)
            reservations.add(key, window, granted - 1)  # this use takes one of them
            allowed = allowed and granted > 0
        return allowed
