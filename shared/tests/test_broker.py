"""The broker against a real nats-server with JetStream."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence
from typing import Any

import pytest
from faststream.nats import NatsBroker

from peerline_shared.broker import (
    ORIGINAL_SUBJECT_HEADER,
    PARK_REASON_HEADER,
    TRACE_HEADER,
    consume,
    consume_batch,
    create_broker,
    jetstream,
    provision_streams,
    publish_event,
)
from peerline_shared.events import ClientMessageReceived
from peerline_shared.events import subjects as subj
from peerline_shared.settings import BaseServiceSettings

pytestmark = pytest.mark.integration


def _message(text: str = "hello") -> ClientMessageReceived:
    return ClientMessageReceived(client_id="v1:ABC", channel="web", text=text)


async def test_provisioning_twice_is_harmless(
    nats_broker: NatsBroker, base_settings: BaseServiceSettings
) -> None:
    await provision_streams(jetstream(nats_broker), base_settings)
    info = await jetstream(nats_broker).stream_info(subj.STREAM_EVENTS)
    assert info.config.duplicate_window == base_settings.duplicate_window_seconds
    assert subj.INBOUND_ALL in (info.config.subjects or [])


async def test_same_event_published_twice_is_stored_once(nats_broker: NatsBroker) -> None:
    js = jetstream(nats_broker)
    before = (await js.stream_info(subj.STREAM_EVENTS)).state.messages
    event = _message()
    await publish_event(nats_broker, event, subj.inbound("web"))
    await publish_event(nats_broker, event, subj.inbound("web"))
    after = (await js.stream_info(subj.STREAM_EVENTS)).state.messages
    assert after - before == 1


def _register(kind: str, broker: NatsBroker, subject: str, durable: str, handle: Any) -> None:
    """The same handler behind either consumer: one event at a time, or in batches."""
    if kind == "consume":
        consume(broker, subject=subject, durable=durable, model=ClientMessageReceived)(handle)
        return

    async def handle_batch(events: Sequence[ClientMessageReceived]) -> None:
        for event in events:
            await handle(event)

    consume_batch(broker, subject=subject, durable=durable, model=ClientMessageReceived)(handle_batch)


@pytest.mark.parametrize("kind", ["consume", "consume_batch"])
async def test_consumer_gets_event_and_parks_garbage(
    base_settings: BaseServiceSettings, nats_broker: NatsBroker, kind: str
) -> None:
    durable = f"t{uuid.uuid4().hex[:8]}"
    subject = f"helpline.client.test{durable}"
    seen: list[ClientMessageReceived] = []
    done = asyncio.Event()
    consumer_broker = create_broker(base_settings, client_name="consumer")

    async def handle(event: ClientMessageReceived) -> None:
        seen.append(event)
        done.set()

    _register(kind, consumer_broker, subject, durable, handle)
    await jetstream(nats_broker).publish(
        subject, b"{not json", headers={TRACE_HEADER: "trace-of-garbage", "Nats-Msg-Id": durable}
    )
    good = _message("after the garbage")
    await publish_event(nats_broker, good, subject)
    await consumer_broker.start()
    try:
        await asyncio.wait_for(done.wait(), 10)
    finally:
        await consumer_broker.stop()
    assert [event.event_id for event in seen] == [good.event_id]
    parked = await jetstream(nats_broker).get_last_msg(subj.STREAM_PARKED, subj.parked(durable))
    assert parked.data == b"{not json"
    headers = parked.headers or {}
    assert "ClientMessageReceived" in headers[PARK_REASON_HEADER]
    assert (headers[ORIGINAL_SUBJECT_HEADER], headers[TRACE_HEADER]) == (subject, "trace-of-garbage")
    assert "Nats-Msg-Id" not in headers, "the same event parked by two consumers is kept twice"
    info = await jetstream(nats_broker).consumer_info(subj.STREAM_EVENTS, durable)
    assert (info.num_ack_pending, info.num_pending) == (0, 0), "both acked, nothing left behind"


async def test_consume_batch_needs_a_broker_that_starts_it() -> None:
    plain = NatsBroker("nats://127.0.0.1:1")
    with pytest.raises(TypeError, match="create_broker"):
        consume_batch(plain, subject="helpline.x", durable="x", model=ClientMessageReceived)(_nothing)


async def _nothing(events: Sequence[ClientMessageReceived]) -> None:
    return None
