"""First aid does not wait for the queue: while Redis is away, triage's main path cannot run
(it needs the conversation context), yet an emergency's first aid is stored for the client at
once, by the lookout; once Redis is back the main path catches up, and the first aid is still
stored only once."""

from __future__ import annotations

import asyncio
import time

import nats
import orjson
import pytest
from nats.aio.msg import Msg
from nats.js.api import DeliverPolicy

from peerline_devtools.devstack import DevStack
from peerline_shared.bus import event_headers
from peerline_shared.events import ClientMessageReceived, MessageTriaged, derived_id, encode
from peerline_shared.events import subjects as subj

from .evidence import log_records

pytestmark = [pytest.mark.chaos, pytest.mark.e2e]


async def test_first_aid_goes_out_while_redis_is_away_and_is_stored_once(chaos_stack: DevStack) -> None:
    stack = chaos_stack
    assert stack.nats is not None and stack.redis is not None
    overdose = ClientMessageReceived(
        client_id="v1:LOOKOUT", channel="web", text="мій друг не дихає, губи сині"
    )
    first_aid_id = str(derived_id(overdose.event_id, "first_aid"))
    bus = await nats.connect(stack.nats.url)
    first_aid_seen, triaged = asyncio.Event(), asyncio.Event()

    async def on_outbound(message: Msg) -> None:
        if (message.headers or {}).get("Nats-Msg-Id") == first_aid_id:
            first_aid_seen.set()

    async def on_triaged(message: Msg) -> None:
        if MessageTriaged.model_validate_json(message.data).message_event_id == overdose.event_id:
            triaged.set()

    await bus.subscribe(subj.outbound("web"), cb=on_outbound)
    await bus.subscribe(subj.TRIAGED, cb=on_triaged)
    stack.redis.kill()
    try:
        started = time.monotonic()
        await bus.jetstream().publish(subj.inbound("web"), encode(overdose), headers=event_headers(overdose))
        await asyncio.wait_for(first_aid_seen.wait(), 15)
        first_aid_after = time.monotonic() - started
        main_path_waiting = not triaged.is_set()
    finally:
        stack.redis.start()
    try:
        await asyncio.wait_for(triaged.wait(), 60)
        stored = await _stored_with_id(bus, subj.outbound("web"), first_aid_id)
    finally:
        await bus.close()
    stack.wait_healthy(tuple(stack.services))

    assert main_path_waiting, "the main path needs Redis: only the lookout can have sent it"
    assert first_aid_after < 10
    assert stored == 1, "the main path's copy (same id) was dropped as a duplicate"
    assert _logged(stack, "first_aid.sent_ahead", overdose.trace_id), "the operator can see who sent it"


def _logged(stack: DevStack, event: str, trace_id: str) -> bool:
    records = (orjson.loads(line) for line in log_records(stack.var_dir / "logs") if line.startswith(b"{"))
    return any(r.get("event") == event and r.get("trace_id") == trace_id for r in records)


async def _stored_with_id(bus: nats.NATS, subject: str, message_id: str) -> int:
    """How many messages on the stream carry this id (an ordered read of the subject)."""
    found, done = 0, asyncio.Event()
    last = (await bus.jetstream().stream_info(subj.STREAM_EVENTS)).state.last_seq

    async def count(message: Msg) -> None:
        nonlocal found
        found += (message.headers or {}).get("Nats-Msg-Id") == message_id
        if message.metadata.sequence.stream >= last or message.metadata.num_pending == 0:
            done.set()

    reader = await bus.jetstream().subscribe(
        subject, cb=count, ordered_consumer=True, deliver_policy=DeliverPolicy.ALL
    )
    try:
        await asyncio.wait_for(done.wait(), 15)
    finally:
        await reader.unsubscribe()
    return found
