"""Fixed-window rate limits in Redis, shared by every gateway process."""

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

    def key(self, subject: str, now: float) -> str:
        return f"ratelimit:{self.name}:{subject}:{int(now // self.window_seconds)}"


# Every counter counted and given its expiry in one command (atomic, like the MULTI, INCR,
# EXPIRE and EXEC it replaces): redis-py's work per command is most of a call's CPU, and this
# runs for every chat message (184 -> 97 µs a call, docs/benchmarks.md). A key listed twice
# is counted twice, in order, so the uses of several callers can share one call.
COUNT_USES = """
local counts = {}
for index, key in ipairs(KEYS) do
  counts[index] = redis.call('INCR', key)
  redis.call('EXPIRE', key, ARGV[index])
end
return counts
"""


@dataclass
class PendingUses:
    """Uses asked for in one turn of the event loop, sent together by one task."""

    keys: list[str] = field(default_factory=list)
    expiries: list[int] = field(default_factory=list)
    waiting: list[tuple[asyncio.Future[list[int]], int, int]] = field(default_factory=list)


class UseCounter:
    """Counts uses in Redis, one script call for every use asked for in the same turn of the
    event loop (many sockets' messages arrive in one read of the loop's selector). Each caller
    gets its own counts, in its own keys' order; when the call fails, each caller gets the error."""

    def __init__(self, redis: Redis) -> None:
        self.count_uses: AsyncScript = redis.register_script(COUNT_USES)
        self.pending: PendingUses | None = None
        self.sending: set[asyncio.Task[None]] = set()  # held so the loop cannot drop a send

    async def count(self, keys: list[str], expiries: list[int]) -> list[int]:
        if self.pending is None:
            self.pending = PendingUses()
            task = asyncio.get_running_loop().create_task(self.send_pending())
            self.sending.add(task)
            task.add_done_callback(self.sending.discard)
        pending = self.pending
        counted: asyncio.Future[list[int]] = asyncio.get_running_loop().create_future()
        pending.waiting.append((counted, len(pending.keys), len(keys)))
        pending.keys.extend(keys)
        pending.expiries.extend(expiries)
        return await counted

    async def send_pending(self) -> None:
        """Runs on the loop's next turn: by then every caller of this turn has joined."""
        batch, self.pending = self.pending, None
        assert batch is not None
        try:
            counts = [int(count) for count in await self.count_uses(keys=batch.keys, args=batch.expiries)]
        except Exception as exc:  # Redis busy or gone: every caller answers as it did alone
            for counted, _, _ in batch.waiting:
                if not counted.done():
                    counted.set_exception(exc)
            return
        for counted, start, length in batch.waiting:
            if not counted.done():  # a caller whose socket closed meanwhile no longer waits
                counted.set_result(counts[start : start + length])


class RateLimiter:
    """Counts one use of every limit it holds, in one command to Redis. Only for subjects
    that may be kept (pseudonyms): client addresses are counted in memory (addresses.py).
    One limiter serves every socket of a process, so their uses share calls (`UseCounter`)."""

    def __init__(self, redis: Redis, *limits: Limit) -> None:
        self.limits = limits
        self.counter = UseCounter(redis)

    async def allow(self, *subjects: str) -> bool:
        """True when each subject (one per limit, in order) is within its limit. Every counter
        counts the use, allowed or not: a flood stays over its limit until it stops."""
        if len(subjects) != len(self.limits):
            raise ValueError(f"{len(self.limits)} subjects expected, got {len(subjects)}")
        now = time.time()
        counts = await self.counter.count(
            [limit.key(subject, now) for limit, subject in zip(self.limits, subjects, strict=True)],
            [limit.window_seconds * 2 for limit in self.limits],
        )
        return all(count <= limit.per_window for count, limit in zip(counts, self.limits, strict=True))
