"""`consume_batch(overlap=…)` against a real nats-server: a handler returns what it published
unwaited (`send_events`), the consumer handles the next batch meanwhile and acks each batch
only once its publishes are stored; a batch whose publishes fail comes back."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from peerline_shared.bus import NatsBus, Sending, publish_events, send_events
from peerline_shared.events import ClientMessageReceived
from peerline_shared.events import subjects as subj
from peerline_shared.settings import BaseServiceSettings
from peerline_testing.consumers import (
    bus_and_router,
    fresh_consumer_names,
    numbered_events,
    publish_each,
    run_until,
)

pytestmark = pytest.mark.integration


class HeldBack(Sending):
    """A batch's publishes whose acknowledgements come when the test says."""

    def __init__(self, inner: Sending, release: asyncio.Event) -> None:
        super().__init__()
        self.inner, self.release = inner, release

    async def stored(self) -> None:
        await self.release.wait()
        await self.inner.stored()


async def test_sent_events_are_stored_in_order_and_nothing_is_left_waiting(nats_bus: NatsBus) -> None:
    events = numbered_events(5)
    sending = await send_events(nats_bus, [(event, subj.inbound("web")) for event in events])
    await sending.stored()
    assert nats_bus.publisher is not None and nats_bus.publisher.waiting == {}
    info = await nats_bus.jetstream().stream_info(subj.STREAM_EVENTS)
    last = await nats_bus.jetstream().get_msg(subj.STREAM_EVENTS, info.state.last_seq)
    assert last.data is not None and ClientMessageReceived.model_validate_json(last.data).text == "4"


async def test_sent_events_one_stream_refuses_raise_when_awaited(nats_bus: NatsBus) -> None:
    sending = await send_events(nats_bus, [(numbered_events(1)[0], "nowhere.at.all")])
    with pytest.raises(Exception, match="no response from stream"):
        await sending.stored()
    assert nats_bus.publisher is not None and nats_bus.publisher.waiting == {}


async def test_the_next_batch_is_handled_while_the_last_waits_to_be_stored_and_acked_only_then(
    base_settings: BaseServiceSettings, nats_bus: NatsBus
) -> None:
    durable, subject = fresh_consumer_names()
    _, out = fresh_consumer_names()
    release, first, all_three = asyncio.Event(), asyncio.Event(), asyncio.Event()
    batches: list[list[str]] = []
    consumer, router = bus_and_router(base_settings, "overlapping")

    @router.consume_batch(subject=subject, durable=durable, model=ClientMessageReceived, overlap=1)
    async def handle(batch: Sequence[ClientMessageReceived], bus: NatsBus) -> Sending:
        batches.append([event.text for event in batch])
        first.set()
        if sum(map(len, batches)) == 3:
            all_three.set()
        sending = await send_events(bus, [(event, out) for event in batch])
        return HeldBack(sending, release) if len(batches) == 1 else sending

    await consumer.start()
    try:
        await publish_each(nats_bus, numbered_events(1), subject)
        await asyncio.wait_for(first.wait(), 10)
        await publish_events(nats_bus, [(event, subject) for event in numbered_events(3)[1:]])
        await asyncio.wait_for(all_three.wait(), 10)  # handled while the first is not stored
        await _until_acked(nats_bus, durable, left=1)  # the later ones are acked once stored
        await asyncio.sleep(0.2)
        info = await nats_bus.jetstream().consumer_info(subj.STREAM_EVENTS, durable)
        assert info.num_ack_pending == 1, "the first batch is acked only once stored"
        release.set()
        await _until_acked(nats_bus, durable)
    finally:
        await consumer.stop()
    assert [text for batch in batches for text in batch] == ["0", "1", "2"]


async def test_a_batch_whose_publishes_are_not_stored_comes_back_and_is_handled_again(
    base_settings: BaseServiceSettings, nats_bus: NatsBus
) -> None:
    durable, subject = fresh_consumer_names()
    handled: list[str] = []
    done = asyncio.Event()
    consumer, router = bus_and_router(base_settings, "overlap-failing")

    @router.consume_batch(subject=subject, durable=durable, model=ClientMessageReceived, overlap=2)
    async def handle(batch: Sequence[ClientMessageReceived], bus: NatsBus) -> Sending:
        handled.extend(event.text for event in batch)
        target = "nowhere.at.all" if len(handled) == 1 else subj.inbound("web")  # no stream, once
        if len(handled) > 1:
            done.set()
        return await send_events(bus, [(event, target) for event in batch])

    await publish_each(nats_bus, numbered_events(1), subject)
    await run_until(consumer, done)
    assert handled == ["0", "0"], "redelivered after its publish failed"
    await consumer.start()
    try:
        await _until_acked(nats_bus, durable)
    finally:
        await consumer.stop()


async def _until_acked(nats_bus: NatsBus, durable: str, left: int = 0) -> None:
    async def acked() -> None:
        while True:
            info = await nats_bus.jetstream().consumer_info(subj.STREAM_EVENTS, durable)
            if info.num_pending == 0 and info.num_ack_pending == left:
                return
            await asyncio.sleep(0.05)

    await asyncio.wait_for(acked(), 10)
