"""Triaged messages applied in batches: one transaction for many, the same outcome as one by one.

`consume_batch` (shared broker) against a real nats-server: order kept, every event acked
once, a failing event retried alone while the rest of its batch goes through."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from collections.abc import Sequence

import pytest
from faststream.nats import NatsBroker
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from peerline_notifications.audit.verify import verify_stored_chain
from peerline_notifications.conversations.handlers import on_triaged_batch
from peerline_notifications.conversations.models import Conversation, Message
from peerline_notifications.deps import Deps
from peerline_shared.broker import consume_batch, create_broker, publish_event
from peerline_shared.events import ClientMessageReceived
from peerline_shared.settings import BaseServiceSettings

from .conftest import FakeDirectory, RecordingPublisher, triaged


async def _count(deps: Deps, model: type[object]) -> int:
    async with deps.sessions() as session:
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


async def test_a_batch_with_repeats_and_one_client_writing_thrice(
    make_deps, any_engine: AsyncEngine, publisher: RecordingPublisher, directory: FakeDirectory
) -> None:  # type: ignore[no-untyped-def]
    deps: Deps = make_deps(any_engine)
    first, second, third = (triaged(f"message {n}", client="same") for n in range(3))
    others = [triaged(client=f"other-{n}") for n in range(5)]
    await on_triaged_batch(deps, [first, *others, second, first, third])
    await on_triaged_batch(deps, [second, *others])  # a redelivered batch changes nothing
    await deps.settle()

    assert await _count(deps, Conversation) == 6
    assert await _count(deps, Message) == 8
    queued = publisher.of_type("conversation.queued")
    assert len(queued) == 6 and len({event.event_id for event in queued}) == 6
    assert len(publisher.of_type("conversation.updated")) == 2
    assert len(publisher.of_type("conversation.offered")) == 6
    assert len(directory.asked) == 1, "one question for six conversations alike"
    async with deps.sessions() as session:
        count, problems = await verify_stored_chain(session)
    assert problems == [] and count == 12  # queued + offered for each conversation


def _fresh_consumer_names() -> tuple[str, str]:
    """A durable consumer name and a subject that no other test uses."""
    durable = f"t{uuid.uuid4().hex[:8]}"
    return durable, f"helpline.client.test{durable}"


async def _consume_until(consumer: NatsBroker, done: asyncio.Event) -> None:
    await consumer.start()
    try:
        await asyncio.wait_for(done.wait(), 15)
    finally:
        await consumer.stop()


@pytest.mark.integration
async def test_consume_batch_keeps_order_and_retries_only_the_failing_event(
    base_settings: BaseServiceSettings, nats_broker: NatsBroker
) -> None:
    durable, subject = _fresh_consumer_names()
    events = [ClientMessageReceived(client_id="v1:ABC", channel="web", text=str(n)) for n in range(30)]
    flaky = events[7].event_id
    failures_left = {"in a batch": 1, "alone": 1}
    batches: list[list[str]] = []
    applied: Counter[uuid.UUID] = Counter()
    done = asyncio.Event()
    consumer = create_broker(base_settings, client_name="batch-consumer")

    @consume_batch(consumer, subject=subject, durable=durable, model=ClientMessageReceived, max_batch=16)
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

    for event in events:
        await publish_event(nats_broker, event, subject)
    await _consume_until(consumer, done)

    assert set(applied.values()) == {1}, "each event applied exactly once"
    assert failures_left == {"in a batch": 0, "alone": 0}, "the failing event was retried alone"
    assert max(len(batch) for batch in batches) > 1, "events in flight were handed over together"
    first_seen = list(dict.fromkeys(text for batch in batches for text in batch))
    assert first_seen == [event.text for event in events], "arrival order kept"


@pytest.mark.integration
async def test_a_lone_failing_event_is_redelivered_later_not_tried_again_at_once(
    base_settings: BaseServiceSettings, nats_broker: NatsBroker
) -> None:
    durable, subject = _fresh_consumer_names()
    calls: list[float] = []
    done = asyncio.Event()
    consumer = create_broker(base_settings, client_name="lone-consumer")

    @consume_batch(consumer, subject=subject, durable=durable, model=ClientMessageReceived)
    async def handle(batch: Sequence[ClientMessageReceived]) -> None:
        calls.append(asyncio.get_running_loop().time())
        if len(calls) == 1:
            raise RuntimeError("the database hiccuped")
        done.set()

    event = ClientMessageReceived(client_id="v1:ABC", channel="web", text="1")
    await publish_event(nats_broker, event, subject)
    await _consume_until(consumer, done)

    assert len(calls) == 2
    # The second try is JetStream's redelivery after the retry delay (0.4 s for a first
    # failure), not the same work repeated at once in the same fetch.
    assert calls[1] - calls[0] >= 0.3
