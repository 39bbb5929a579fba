"""The bench's tap connection gets every message's payload, with the headers left out by the
server (what makes it cheaper), while a normal subscriber still gets the headers."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import nats
import pytest

from peerline_devtools.localservers import NatsServer

pytestmark = [pytest.mark.integration]

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from e2ebench.taps import connect_tap  # noqa: E402


async def test_a_tap_reads_the_payload_and_no_headers(nats_server: NatsServer) -> None:
    tap = await connect_tap(nats_server.url)
    publisher = await nats.connect(nats_server.url)
    try:
        tapped: asyncio.Queue[nats.aio.msg.Msg] = asyncio.Queue()
        plain: asyncio.Queue[nats.aio.msg.Msg] = asyncio.Queue()
        await tap.subscribe("bench.taps.test", cb=tapped.put)
        await publisher.subscribe("bench.taps.test", cb=plain.put)
        await tap.flush()
        await publisher.flush()
        await publisher.publish("bench.taps.test", b'{"trace_id":"t1"}', headers={"Nats-Msg-Id": "m1"})
        seen_by_tap = await asyncio.wait_for(tapped.get(), 5)
        seen_plainly = await asyncio.wait_for(plain.get(), 5)
    finally:
        await tap.close()
        await publisher.close()
    assert seen_by_tap.data == seen_plainly.data == b'{"trace_id":"t1"}'
    assert seen_by_tap.headers is None
    assert seen_plainly.headers == {"Nats-Msg-Id": "m1"}
