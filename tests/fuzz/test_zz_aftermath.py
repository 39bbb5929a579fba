"""After every fuzz test has hit the system (this file runs last): no consumer is stuck with
undelivered or unacknowledged events, nothing was parked, and every service is healthy."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from peerline_devtools.devstack import DevStack

from ..chaos.evidence import consumer_states, stream_counts

pytestmark = [pytest.mark.fuzz, pytest.mark.e2e]


async def test_no_consumer_is_stuck_and_nothing_is_parked(fuzz_stack: DevStack) -> None:
    assert fuzz_stack.nats is not None
    deadline, busy = time.monotonic() + 60, ["?"]
    while busy and time.monotonic() < deadline:
        busy = [
            f"{c.name}: pending={c.pending} ack_pending={c.ack_pending}"
            for c in await consumer_states(fuzz_stack.nats.url)
            if c.pending or c.ack_pending
        ]
        await asyncio.sleep(0.5)
    assert not busy, busy
    assert (await stream_counts(fuzz_stack.nats.url)).get("HELPLINE_PARKED", 0) == 0
    async with httpx.AsyncClient(timeout=5) as http:
        for name in fuzz_stack.services:
            assert (await http.get(f"{fuzz_stack.url(name)}/healthz")).status_code == 200, name
