"""Forgotten means gone from Redis's disk too.

Deleting a client's inbox removes it from Redis's memory, but its entries stay in the
append-only file (each XADD is logged there) until Redis rewrites the file from what it holds
now. So after each erasure the gateway asks for a rewrite (BGREWRITEAOF). A rewrite that was
already running when the inbox was deleted started from a copy that still held it: the
rewriter waits for that one to end and asks again. Erasures that come while a request is
pending share one rewrite, and rewrites start at most every `min_interval_s` (a client
sending "forget" in a loop must not keep Redis forking).
"""

from __future__ import annotations

import asyncio

from redis.asyncio import Redis
from redis.exceptions import ResponseError

from peerline_shared.logging import get_logger

log = get_logger()
POLL_S = 0.2
RETRY_S = 5.0
MIN_INTERVAL_S = 5.0


async def rewrite_append_only_file(redis: Redis, poll_s: float = POLL_S) -> bool:
    """Start a rewrite that begins after this call (waiting out one already running); False
    when Redis keeps no append-only file, so there is nothing to rewrite."""
    while True:
        persistence = await redis.info("persistence")
        if not int(persistence.get("aof_enabled", 0)):
            return False
        if not int(persistence.get("aof_rewrite_in_progress", 0)):
            try:
                await redis.bgrewriteaof()
                return True
            except ResponseError as refused:
                if "in progress" not in str(refused):
                    raise
        await asyncio.sleep(poll_s)


async def rewrite_finished(redis: Redis) -> bool:
    """True when no rewrite is running or waiting to run."""
    persistence = await redis.info("persistence")
    return not int(persistence.get("aof_rewrite_in_progress", 0)) and not int(
        persistence.get("aof_rewrite_scheduled", 0)
    )


class AppendOnlyFileRewriter:
    """`request()` after an erasure; `run(redis)` (a background task) does the rewrites."""

    def __init__(self, retry_s: float = RETRY_S, min_interval_s: float = MIN_INTERVAL_S) -> None:
        self.retry_s = retry_s
        self.min_interval_s = min_interval_s
        self._wanted = asyncio.Event()

    def request(self) -> None:
        self._wanted.set()

    async def run(self, redis: Redis) -> None:
        while True:
            await self._wanted.wait()
            self._wanted.clear()
            try:
                started = await rewrite_append_only_file(redis)
            except asyncio.CancelledError:
                raise
            except ResponseError as refused:  # disabled or not permitted (a managed Redis)
                log.error("chat.aof_rewrite_refused", error_type=type(refused).__name__)
                continue
            except Exception as exc:  # Redis away or busy: keep asking
                log.warning("chat.aof_rewrite_failed", error_type=type(exc).__name__)
                self._wanted.set()
                await asyncio.sleep(self.retry_s)
                continue
            log.info("chat.aof_rewrite_started" if started else "chat.aof_not_kept")
            await asyncio.sleep(self.min_interval_s)
