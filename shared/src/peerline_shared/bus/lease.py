"""A leader lease in a NATS key-value bucket: work that must run once runs on one replica.

The bucket's entries live `ttl_s` (the stream's max age). The holder is whoever created the
key; it renews every `ttl_s / 3` by writing a new revision with the previous one as the
expected last revision, so a renewal that lost the key (it expired, someone else holds it
now) is refused by the server, never silently overwriting another holder. A holder that
cannot renew stops leading after half the lease, well before the key can expire and another
replica can create it: two leaders never overlap, as long as clocks tick at similar rates
(no wall-clock comparison is made). An orderly stop deletes the key (only its own revision),
so a successor takes over at its next attempt instead of after the TTL.

    lease = await Lease.open(js, bucket="peerline-leases", key="notifications", ttl_s=6)
    await lead(lease, lambda: {"sla": sla_loop(), ...})   # runs for the life of the service
"""

from __future__ import annotations

import asyncio
import os
import socket
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import nats.errors
import nats.js.errors
from nats.js import JetStreamContext
from nats.js.api import KeyValueConfig, StorageType
from nats.js.kv import KeyValue

from peerline_shared.events.subjects import LEASE_BUCKET
from peerline_shared.logging import get_logger

log = get_logger()
Loops = Callable[[], Mapping[str, Awaitable[None]]]
"""Makes the leader's loops afresh at each election (a coroutine runs once)."""


def holder_name() -> str:
    """Which process holds a lease, for operators: host, pid and a random tail."""
    return f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


class Lease:
    """One key of the lease bucket, campaigned for by this process (`holder`)."""

    def __init__(self, kv: KeyValue, *, key: str, ttl_s: float, holder: str | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.kv, self.key, self.ttl_s = kv, key, ttl_s
        self.holder = holder or holder_name()
        self.clock = clock
        self.revision: int | None = None
        """The revision this process last wrote; None when it does not hold the key."""
        self.renewed_at: float | None = None
        """When the last successful write was sent (monotonic): the lease counts from there."""

    @classmethod
    async def open(cls, js: JetStreamContext, *, key: str, ttl_s: float, bucket: str = LEASE_BUCKET,
                   replicas: int = 1, holder: str | None = None) -> Lease:
        """The bucket, created the first time (every entry expires `ttl_s` after its write)."""
        try:
            kv = await js.key_value(bucket)
        except nats.js.errors.BucketNotFoundError:
            config = KeyValueConfig(bucket=bucket, history=1, ttl=ttl_s, replicas=replicas,
                                    storage=StorageType.FILE)
            kv = await js.create_key_value(config)
        return cls(kv, key=key, ttl_s=ttl_s, holder=holder)

    @property
    def renew_every_s(self) -> float:
        return self.ttl_s / 3

    def held(self) -> bool:
        """True while the last successful write is younger than half the lease."""
        if self.revision is None or self.renewed_at is None:
            return False
        return self.clock() - self.renewed_at < self.ttl_s / 2

    async def acquire(self) -> bool:
        """Take the key if nobody holds it (create once); False if someone does."""
        sent = self.clock()
        try:
            self.revision = await self.kv.create(self.key, self.holder.encode())
        except nats.js.errors.KeyWrongLastSequenceError:
            return False
        self.renewed_at = sent
        return True

    async def renew(self) -> bool:
        """Write a new revision on top of ours; False (and no longer holding) if the key moved on."""
        if self.revision is None:
            return False
        sent = self.clock()
        try:
            self.revision = await self.kv.update(self.key, self.holder.encode(), last=self.revision)
        except nats.js.errors.KeyWrongLastSequenceError:
            self.revision, self.renewed_at = None, None
            return False
        self.renewed_at = sent
        return True

    async def attempt(self) -> bool:
        """One campaign step: renew what we hold, or try to take it. Connection trouble counts
        as a failed step; `held()` then runs out after half the lease."""
        try:
            # A write that hangs must not outlive the lease: we would lead past its end.
            async with asyncio.timeout(self.renew_every_s):
                return await (self.renew() if self.revision is not None else self.acquire())
        except (TimeoutError, nats.errors.Error, nats.js.errors.Error, OSError) as exc:
            log.warning("lease.unreachable", lease=self.key, error_type=type(exc).__name__)
            return self.held()

    async def release(self) -> None:
        """Orderly stop: delete the key if it is still ours (by revision), so a successor need
        not wait for it to expire."""
        revision, self.revision, self.renewed_at = self.revision, None, None
        if revision is None:
            return
        try:
            async with asyncio.timeout(self.renew_every_s):
                await self.kv.delete(self.key, last=revision)
        except (TimeoutError, nats.errors.Error, nats.js.errors.Error, OSError) as exc:
            log.warning("lease.release_failed", lease=self.key, error_type=type(exc).__name__)


async def lead(lease: Lease, loops: Loops) -> None:
    """Campaign for the lease for ever; run `loops()` while holding it and cancel them when it
    is lost (or cannot be renewed for half its TTL). Cancelling this releases the lease."""
    running: list[asyncio.Task[Any]] = []
    try:
        while True:
            await lease.attempt()
            if lease.held() and not running:
                log.info("lease.elected", lease=lease.key, holder=lease.holder)
                running = [asyncio.ensure_future(work) for work in loops().values()]
            elif not lease.held() and running:
                log.warning("lease.lost", lease=lease.key, holder=lease.holder)
                await _cancel(running)
                running = []
            await _sleep_within_lease(lease)
    finally:
        await _cancel(running)
        await asyncio.shield(lease.release())


async def _sleep_within_lease(lease: Lease) -> None:
    """Until the next renewal, but never past the point where the lease stops being held."""
    pause = lease.renew_every_s
    if lease.renewed_at is not None and lease.revision is not None:
        left = lease.ttl_s / 2 - (lease.clock() - lease.renewed_at)
        pause = max(0.05, min(pause, left))
    await asyncio.sleep(pause)


async def _cancel(tasks: list[asyncio.Task[Any]]) -> None:
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
