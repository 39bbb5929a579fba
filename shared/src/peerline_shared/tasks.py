"""Stopping background work for sure."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

CANCEL_AGAIN_S = 0.05


async def cancel_until_done(task: asyncio.Task[Any], *, within: float) -> None:
    """Cancel the task and wait for it (at most `within` seconds), cancelling again while it
    runs: nats-py swallows a cancellation that lands in a publish's flush
    (`Client._flush_pending`), and whatever the task awaits next (a consumer's 5 s fetch, a
    loop's sleep) would then hold the stop for its whole wait: every other consumer stop did."""
    deadline = asyncio.get_running_loop().time() + within
    while not task.done() and asyncio.get_running_loop().time() < deadline:
        task.cancel()
        await asyncio.wait({task}, timeout=CANCEL_AGAIN_S)
    if task.done() and not task.cancelled():
        with contextlib.suppress(Exception):
            task.result()  # retrieved: a failure was logged where it happened
