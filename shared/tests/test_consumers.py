"""The consumers against a real nats-server: `consume` (one event at a time, up to `max_workers`
at once), `consume_batch` (the events in hand together, order kept, a failing one retried
alone), `follow` (every process its own copy) and `follow_batch` (what was waiting, together)."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections import Counter
from collections.abc import Sequence
from typing import Any, NamedTuple

import pytest

from peerline_devtools.localservers import NatsServer
from peerline_shared.bus import NatsBus, provision_streams, publish_event
from peerline_shared.bus.followers import BatchFollower
from peerline_shared.events import ClientMessageReceived
from peerline_shared.events import subjects as subj
from peerline_shared.settings import BaseServiceSettings
from peerline_shared.tasks import cancel_until_done
from peerline_testing.consumers import (
    bus_and_router,
    fresh_consumer_names,
    numbered_events,
    publish_each,
    run_until,
)

pytestmark = pytest.mark.integration


async def test_one_worker_keeps_stream_order(base_settings: BaseServiceSettings, nats_bus: NatsBus) -> None:
    durable, subject = fresh_consumer_names()
    events, seen, done = numbered_events(40), [], asyncio.Event()
    consumer, router = bus_and_router(base_settings, "ordered")

    @router.consume(subject=subject, durable=durable, model=ClientMessageReceived)
    async def handle(event: ClientMessageReceived) -> None:
        await asyncio.sleep(0)  # a handler that yields must still not be overtaken
        seen.append(event.text)
        if len(seen) == len(events):
            done.set()

    await publish_each(nats_bus, events, subject)
    await run_until(consumer, done)
    assert seen == [event.text for event in events]


async def test_workers_run_at_once_but_never_more_than_asked(
    base_settings: BaseServiceSettings, nats_bus: NatsBus
) -> None:
    durable, subject = fresh_consumer_names()
    events, done = numbered_events(12), asyncio.Event()
    running, peak, handled = 0, 0, 0
    consumer, router = bus_and_router(base_settings, "workers")

    @router.consume(subject=subject, durable=durable, model=ClientMessageReceived, max_workers=3)
    async def handle(event: ClientMessageReceived) -> None:
        nonlocal running, peak, handled
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(0.05)  # a slow send: the others must not wait for it
        running -= 1
        handled += 1
        if handled == len(events):
            done.set()

    await publish_each(nats_bus, events, subject)
    await run_until(consumer, done)
    assert peak == 3


async def test_a_failing_event_is_redelivered_while_the_others_go_on(
    base_settings: BaseServiceSettings, nats_bus: NatsBus
) -> None:
    durable, subject = fresh_consumer_names()
    events, done = numbered_events(10), asyncio.Event()
    flaky, applied, attempts = events[3].event_id, Counter[uuid.UUID](), Counter[uuid.UUID]()
    consumer, router = bus_and_router(base_settings, "flaky")

    @router.consume(subject=subject, durable=durable, model=ClientMessageReceived, max_workers=2)
    async def handle(event: ClientMessageReceived) -> None:
        attempts[event.event_id] += 1
        if event.event_id == flaky and attempts[flaky] == 1:
            raise RuntimeError("the chat store hiccuped")
        applied[event.event_id] += 1
        if len(applied) == len(events):
            done.set()

    await publish_each(nats_bus, events, subject)
    await run_until(consumer, done)
    assert set(applied.values()) == {1} and attempts[flaky] == 2
    info = await nats_bus.jetstream().consumer_info(subj.STREAM_EVENTS, durable)
    assert (info.num_ack_pending, info.num_pending) == (0, 0), "every event acked once handled"


async def test_stopping_lets_the_event_in_hand_finish_and_acks_it(
    base_settings: BaseServiceSettings, nats_bus: NatsBus
) -> None:
    durable, subject = fresh_consumer_names()
    started, finished = asyncio.Event(), asyncio.Event()
    consumer, router = bus_and_router(base_settings, "stopping")

    @router.consume(subject=subject, durable=durable, model=ClientMessageReceived)
    async def handle(event: ClientMessageReceived) -> None:
        started.set()
        await asyncio.sleep(0.3)
        finished.set()

    await publish_each(nats_bus, numbered_events(1), subject)
    await consumer.start()
    await asyncio.wait_for(started.wait(), 10)
    await consumer.stop()
    assert finished.is_set()
    info = await nats_bus.jetstream().consumer_info(subj.STREAM_EVENTS, durable)
    assert info.num_ack_pending == 0, "acked before the connection closed"


async def test_a_cancellation_swallowed_on_the_way_is_repeated() -> None:
    """nats-py's publish swallows a cancellation that lands in its flush; the stop goes on."""
    reached_second_wait = asyncio.Event()

    async def stubborn() -> None:
        with contextlib.suppress(asyncio.CancelledError):  # as `Client._flush_pending` does
            await asyncio.sleep(30)
        reached_second_wait.set()
        await asyncio.sleep(30)  # the fetch that follows: its wait must not hold the stop

    task = asyncio.create_task(stubborn())
    await asyncio.sleep(0)
    await cancel_until_done(task, within=10)
    assert reached_second_wait.is_set() and task.cancelled()


async def test_every_follower_sees_every_event_and_a_failure_stops_none(
    base_settings: BaseServiceSettings, nats_bus: NatsBus
) -> None:
    _, subject = fresh_consumer_names()
    events = numbered_events(5)
    seen: dict[str, list[str]] = {"first": [], "second": []}
    done = {name: asyncio.Event() for name in seen}
    processes = {name: bus_and_router(base_settings, name) for name in seen}
    for name, (_, router) in processes.items():

        @router.follow(subject=subject)
        async def handle(body: bytes, name: str = name) -> None:
            text = ClientMessageReceived.model_validate_json(body).text
            if text == "1":
                raise RuntimeError("a console hub hiccup")
            seen[name].append(text)
            if len(seen[name]) == len(events) - 1:
                done[name].set()

    consumers_before = await _consumer_count(nats_bus)
    for process, _ in processes.values():
        await process.start()
    try:
        assert await _consumer_count(nats_bus) == consumers_before, "nothing on the stream for them"
        await publish_each(nats_bus, events, subject)
        await asyncio.wait_for(asyncio.gather(*(event.wait() for event in done.values())), 10)
    finally:
        for process, _ in processes.values():
            await process.stop()
    assert seen == {"first": ["0", "2", "3", "4"], "second": ["0", "2", "3", "4"]}


async def test_a_batch_follower_gets_what_was_waiting_together_and_a_failure_stops_nothing(
    base_settings: BaseServiceSettings, nats_bus: NatsBus
) -> None:
    _, subject = fresh_consumer_names()
    events = numbered_events(7)
    batches: list[list[str]] = []
    first_in_hand, release, done = asyncio.Event(), asyncio.Event(), asyncio.Event()
    follower, router = bus_and_router(base_settings, "batch-follower")

    @router.follow_batch(subject=subject, max_batch=4)
    async def handle(bodies: Sequence[bytes]) -> None:
        batches.append([ClientMessageReceived.model_validate_json(body).text for body in bodies])
        if sum(map(len, batches)) == len(events):
            done.set()
        if len(batches) == 1:
            first_in_hand.set()
            await release.wait()
        if "1" in batches[-1]:
            raise RuntimeError("a classifier hiccup")

    await follower.start()
    try:
        await publish_each(nats_bus, events[:1], subject)
        await asyncio.wait_for(first_in_hand.wait(), 10)
        await publish_each(nats_bus, events[1:], subject)
        await _until_queued_behind_the_first(follower, len(events) - 1)
        release.set()
        await asyncio.wait_for(done.wait(), 10)
    finally:
        await follower.stop()
    assert batches == [["0"], ["1", "2", "3", "4"], ["5", "6"]], "in order, up to the batch size"


async def _until_queued_behind_the_first(follower: NatsBus, count: int) -> None:
    """Until the follower's connection has read `count` messages into its subscription's queue:
    a fixed pause lost the race on a loaded machine, splitting the batches elsewhere."""
    subscriber = next(runner for runner in follower.running if isinstance(runner, BatchFollower))
    async with asyncio.timeout(10):
        while subscriber.subscription is None or subscriber.subscription.pending_msgs < count:  # noqa: ASYNC110 (nats-py signals nothing)
            await asyncio.sleep(0.01)


async def _consumer_count(broker: NatsBus) -> int:
    return (await broker.jetstream().stream_info(subj.STREAM_EVENTS)).state.consumer_count


class BatchSizes(NamedTuple):
    consumer: NatsBus
    subject: str
    events: list[ClientMessageReceived]
    sizes: list[int]
    done: asyncio.Event


def _batch_sizes(settings: BaseServiceSettings, name: str, count: int, **options: Any) -> BatchSizes:
    """A process with a batch consumer of `count` fresh events that records each batch's size."""
    durable, subject = fresh_consumer_names()
    consumer, router = bus_and_router(settings, name)
    recorded = BatchSizes(consumer, subject, numbered_events(count), [], asyncio.Event())

    @router.consume_batch(subject=subject, durable=durable, model=ClientMessageReceived, **options)
    async def handle(batch: Sequence[ClientMessageReceived]) -> None:
        recorded.sizes.append(len(batch))
        if sum(recorded.sizes) == len(recorded.events):
            recorded.done.set()

    return recorded


async def test_a_backlog_is_handed_over_in_whole_batches(
    base_settings: BaseServiceSettings, nats_bus: NatsBus
) -> None:
    backlog = _batch_sizes(base_settings, "backlog", 40, max_batch=16)
    await publish_each(nats_bus, backlog.events, backlog.subject)
    await run_until(backlog.consumer, backlog.done)
    assert backlog.sizes == [16, 16, 8], "as many as were waiting, up to the batch size"


async def test_under_load_a_lingering_consumer_takes_larger_batches_and_a_quiet_one_does_not_wait(
    base_settings: BaseServiceSettings, nats_bus: NatsBus
) -> None:
    stream = _batch_sizes(base_settings, "linger", 300, linger_s=0.05)
    await stream.consumer.start()
    try:
        await publish_each(nats_bus, stream.events[:1], stream.subject)  # quiet: no rate yet, at once
        await asyncio.sleep(0.3)
        assert stream.sizes == [1]
        for event in stream.events[1:]:  # 150-200 a second for 1.5-2 s, each to an idle consumer
            await publish_each(nats_bus, [event], stream.subject)
            await asyncio.sleep(0.005)
        await asyncio.wait_for(stream.done.wait(), 15)
    finally:
        await stream.consumer.stop()
    assert max(stream.sizes) >= 4, f"from the second second on, about 10 a call: {stream.sizes}"


async def test_consume_batch_keeps_order_and_retries_only_the_failing_event(
    base_settings: BaseServiceSettings, nats_bus: NatsBus
) -> None:
    durable, subject = fresh_consumer_names()
    events = numbered_events(30)
    flaky = events[7].event_id
    failures_left = {"in a batch": 1, "alone": 1}
    batches: list[list[str]] = []
    applied: Counter[uuid.UUID] = Counter()
    done = asyncio.Event()
    consumer, router = bus_and_router(base_settings, "batch-consumer")

    @router.consume_batch(subject=subject, durable=durable, model=ClientMessageReceived, max_batch=16)
    async def handle(batch: Sequence[ClientMessageReceived]) -> None:
        batches.append([event.text for event in batch])
        ids = [event.event_id for event in batch]
        if flaky in ids:
            kind = "alone" if len(ids) == 1 else "in a batch"
            if failures_left[kind]:
                failures_left[kind] -= 1
                raise RuntimeError("the database hiccuped")
        applied.update(ids)
        if len(applied) == len(events):
            done.set()

    await publish_each(nats_bus, events, subject)
    await run_until(consumer, done)

    assert set(applied.values()) == {1}, "each event applied exactly once"
    assert failures_left == {"in a batch": 0, "alone": 0}, "the failing event was retried alone"
    assert max(len(batch) for batch in batches) > 1, "events in flight were handed over together"
    first_seen = list(dict.fromkeys(text for batch in batches for text in batch))
    assert first_seen == [event.text for event in events], "arrival order kept"


async def test_a_lone_failing_event_is_redelivered_later_not_tried_again_at_once(
    base_settings: BaseServiceSettings, nats_bus: NatsBus
) -> None:
    durable, subject = fresh_consumer_names()
    calls: list[float] = []
    done = asyncio.Event()
    consumer, router = bus_and_router(base_settings, "lone-consumer")

    @router.consume_batch(subject=subject, durable=durable, model=ClientMessageReceived)
    async def handle(batch: Sequence[ClientMessageReceived]) -> None:
        calls.append(asyncio.get_running_loop().time())
        if len(calls) == 1:
            raise RuntimeError("the database hiccuped")
        done.set()

    await publish_each(nats_bus, numbered_events(1), subject)
    await run_until(consumer, done)

    assert len(calls) == 2
    # The second try is JetStream's redelivery after the retry delay (0.4 s for a first
    # failure), not the same work repeated at once in the same fetch.
    assert calls[1] - calls[0] >= 0.3


async def test_a_follower_and_a_consumer_carry_on_after_nats_restarts(own_nats: NatsServer) -> None:
    settings = BaseServiceSettings(nats_url=own_nats.url)
    durable, subject = fresh_consumer_names()
    followed, consumed = asyncio.Event(), asyncio.Event()
    process, router = bus_and_router(settings, "after-restart")

    @router.follow(subject=subject)
    async def on_live(body: bytes) -> None:
        if ClientMessageReceived.model_validate_json(body).text == "after":
            followed.set()

    @router.consume(subject=subject, durable=durable, model=ClientMessageReceived)
    async def on_event(event: ClientMessageReceived) -> None:
        if event.text == "after":
            consumed.set()

    await process.connect()
    await provision_streams(process.jetstream(), settings)
    await process.start()
    try:
        own_nats.restart()
        after = ClientMessageReceived(client_id="v1:ABC", channel="web", text="after")
        await asyncio.wait_for(_published_once_back(process, after, subject), 20)
        await asyncio.wait_for(asyncio.gather(followed.wait(), consumed.wait()), 20)
    finally:
        await process.stop()


async def _published_once_back(broker: NatsBus, event: ClientMessageReceived, subject: str) -> None:
    """Publish as soon as the connection is back (the client reconnects every second)."""
    while True:
        try:
            await publish_event(broker, event, subject)
            return
        except Exception:  # still reconnecting
            await asyncio.sleep(0.2)


@pytest.mark.parametrize(
    "reply",
    [
        "$JS.ACK.events.triage-inbound.3.1207.1199.1733300000000000000.42",  # without a domain
        "$JS.ACK.hub.ACCHASH.events.triage-inbound.3.1207.1199.1733300000000000000.42.Xy7",
        "$JS.ACK.hub.ACCHASH.events.triage-inbound.1.1207.1199.1733300000000000000.0",
    ],
)
def test_the_ack_subject_is_read_as_nats_py_reads_it(reply: str) -> None:
    from nats.aio.msg import Msg

    from peerline_shared.bus.consumers import delivery_count, waiting_behind

    message = Msg(_client=None, subject="helpline.inbound.web", reply=reply)  # type: ignore[arg-type]
    assert delivery_count(message) == message.metadata.num_delivered
    assert waiting_behind(message) == message.metadata.num_pending


@pytest.mark.parametrize(
    "reply", ["", "_INBOX.abc.def", "$JS.ACK.events.c.2.1.1.1.5.6", "$JS.API.A.B.C.D.E.F.G"]
)
def test_a_message_that_is_not_a_jetstream_delivery_counts_as_first_and_last(reply: str) -> None:
    from nats.aio.msg import Msg

    from peerline_shared.bus.consumers import delivery_count, waiting_behind

    message = Msg(_client=None, subject="helpline.inbound.web", reply=reply)  # type: ignore[arg-type]
    assert (delivery_count(message), waiting_behind(message)) == (1, 0)
