"""The bus against a real nats-server with JetStream: streams, publishing, parking, RPC."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence
from typing import Any

import nats
import pytest
from prometheus_client import REGISTRY

from peerline_shared.bus import (
    NO_ANSWER,
    ORIGINAL_SUBJECT_HEADER,
    PARK_REASON_HEADER,
    TRACE_HEADER,
    BadRequest,
    BusRouter,
    ContextError,
    NatsBus,
    RequestFailed,
    event_headers,
    provision_streams,
    publish_encoded,
    publish_event,
    publish_events,
    request,
)
from peerline_shared.events import ClientMessageReceived, ListOnShift, OnShiftListed, encode
from peerline_shared.events import subjects as subj
from peerline_shared.settings import BaseServiceSettings
from peerline_testing.consumers import bus_and_router

pytestmark = pytest.mark.integration


def _message(text: str = "hello") -> ClientMessageReceived:
    return ClientMessageReceived(client_id="v1:ABC", channel="web", text=text)


async def test_provisioning_twice_is_harmless(
    nats_bus: NatsBus, base_settings: BaseServiceSettings
) -> None:
    await provision_streams(nats_bus.jetstream(), base_settings)
    info = await nats_bus.jetstream().stream_info(subj.STREAM_EVENTS)
    assert info.config.duplicate_window == base_settings.duplicate_window_seconds
    assert subj.INBOUND_ALL in (info.config.subjects or [])


async def test_same_event_published_twice_is_stored_once(nats_bus: NatsBus) -> None:
    js = nats_bus.jetstream()
    before = (await js.stream_info(subj.STREAM_EVENTS)).state.messages
    event = _message()
    await publish_event(nats_bus, event, subj.inbound("web"))
    await publish_event(nats_bus, event, subj.inbound("web"))
    after = (await js.stream_info(subj.STREAM_EVENTS)).state.messages
    assert after - before == 1


def _register(kind: str, router: BusRouter, subject: str, durable: str, handle: Any) -> None:
    """The same handler behind either consumer: one event at a time, or in batches."""
    if kind == "consume":
        router.consume(subject=subject, durable=durable, model=ClientMessageReceived)(handle)
        return

    async def handle_batch(events: Sequence[ClientMessageReceived]) -> None:
        for event in events:
            await handle(event)

    router.consume_batch(subject=subject, durable=durable, model=ClientMessageReceived)(handle_batch)


@pytest.mark.parametrize("kind", ["consume", "consume_batch"])
async def test_consumer_gets_event_and_parks_garbage(
    base_settings: BaseServiceSettings, nats_bus: NatsBus, kind: str
) -> None:
    durable = f"t{uuid.uuid4().hex[:8]}"
    subject = f"helpline.client.test{durable}"
    seen: list[ClientMessageReceived] = []
    done = asyncio.Event()
    consumer_bus, router = bus_and_router(base_settings, "consumer")

    async def handle(event: ClientMessageReceived) -> None:
        seen.append(event)
        done.set()

    _register(kind, router, subject, durable, handle)
    await nats_bus.jetstream().publish(
        subject, b"{not json", headers={TRACE_HEADER: "trace-of-garbage", "Nats-Msg-Id": durable}
    )
    good = _message("after the garbage")
    await publish_event(nats_bus, good, subject)
    await consumer_bus.start()
    try:
        await asyncio.wait_for(done.wait(), 10)
    finally:
        await consumer_bus.stop()
    assert [event.event_id for event in seen] == [good.event_id]
    parked = await nats_bus.jetstream().get_last_msg(subj.STREAM_PARKED, subj.parked(durable))
    assert parked.data == b"{not json"
    headers = parked.headers or {}
    assert "ClientMessageReceived" in headers[PARK_REASON_HEADER]
    assert (headers[ORIGINAL_SUBJECT_HEADER], headers[TRACE_HEADER]) == (subject, "trace-of-garbage")
    assert "Nats-Msg-Id" not in headers, "the same event parked by two consumers is kept twice"
    info = await nats_bus.jetstream().consumer_info(subj.STREAM_EVENTS, durable)
    assert (info.num_ack_pending, info.num_pending) == (0, 0), "both acked, nothing left behind"


async def test_an_rpc_answers_its_reply_and_refuses_a_request_it_cannot_read(
    base_settings: BaseServiceSettings, nats_bus: NatsBus
) -> None:
    subject = f"helpline.rpc.test.{uuid.uuid4().hex[:8]}"
    server, router = bus_and_router(base_settings, "rpc-server")

    @router.rpc(subject=subject, request=ListOnShift, reply=OnShiftListed, queue="test")
    async def on_list(query: ListOnShift, settings: BaseServiceSettings) -> OnShiftListed:
        if query.trace_id == "fail":
            raise RuntimeError("the database went away")
        return OnShiftListed(consultants=())

    await server.start({"settings": base_settings})
    try:
        answer = await request(nats_bus, subject, ListOnShift(), OnShiftListed)
        assert answer.consultants == ()
        with pytest.raises(BadRequest, match="ListOnShift"):
            await request(nats_bus, subject, ClientMessageReceived(client_id="v1:A", channel="web", text="x"),
                          OnShiftListed)
        with pytest.raises(RequestFailed, match="RuntimeError"):
            await request(nats_bus, subject, ListOnShift(trace_id="fail"), OnShiftListed)
    finally:
        await server.stop()
    assert issubclass(BadRequest, NO_ANSWER) and issubclass(RequestFailed, NO_ANSWER)


async def test_a_request_waits_for_a_responder_that_is_coming_back_and_fails_when_none_does(
    base_settings: BaseServiceSettings, nats_bus: NatsBus
) -> None:
    subject = f"helpline.rpc.test.{uuid.uuid4().hex[:8]}"
    server, router = bus_and_router(base_settings, "rpc-late")

    @router.rpc(subject=subject, request=ListOnShift, reply=OnShiftListed, queue="test")
    async def on_list(query: ListOnShift) -> OnShiftListed:
        return OnShiftListed(consultants=())

    with pytest.raises(nats.errors.NoRespondersError):
        await request(nats_bus, subject, ListOnShift(), OnShiftListed, timeout=0.3)

    async def start_late() -> None:
        await asyncio.sleep(0.4)  # a restart: nobody listens for a moment
        await server.start({})

    late_start = asyncio.create_task(start_late())
    try:
        answer = await request(nats_bus, subject, ListOnShift(), OnShiftListed, timeout=5)
        assert answer.consultants == ()
    finally:
        await late_start
        await server.stop()


async def test_a_handler_naming_what_the_context_lacks_fails_the_start(
    base_settings: BaseServiceSettings,
) -> None:
    bus, router = bus_and_router(base_settings, "missing")

    @router.consume(subject="helpline.client.none", durable="never", model=ClientMessageReceived)
    async def needs_redis(event: ClientMessageReceived, redis: object) -> None:
        return None

    try:
        with pytest.raises(ContextError, match="needs `redis`"):
            await bus.start({})
    finally:
        await bus.stop()


async def test_events_published_together_are_stored_in_order_as_one_at_a_time_would_store_them(
    nats_bus: NatsBus,
) -> None:
    js = nats_bus.jetstream()
    alone, together = _message("alone"), [_message(f"together {n}") for n in range(5)]
    first = (await js.stream_info(subj.STREAM_EVENTS)).state.last_seq + 1
    await publish_event(nats_bus, alone, subj.inbound("web"))
    await publish_events(nats_bus, [(event, subj.inbound("web")) for event in together])
    await publish_events(nats_bus, [(together[0], subj.inbound("web"))])  # a repeat: dropped
    last = (await js.stream_info(subj.STREAM_EVENTS)).state.last_seq
    stored = [await js.get_msg(subj.STREAM_EVENTS, seq) for seq in range(first, last + 1)]
    ours = {str(event.event_id): event for event in (alone, *together)}
    mine = [message for message in stored if (message.headers or {}).get("Nats-Msg-Id") in ours]
    assert [message.data for message in mine] == [encode(event) for event in (alone, *together)]
    assert {frozenset(message.headers or {}) for message in mine} == {frozenset(mine[0].headers or {})}
    assert all(message.headers == {**event_headers(ours[message.headers["Nats-Msg-Id"]]),
                                   "Nats-Expected-Stream": subj.STREAM_EVENTS}
               for message in mine if message.headers)


async def test_events_published_encoded_are_stored_as_given_with_their_own_headers(nats_bus: NatsBus) -> None:
    """An outbox stores each event's body and publishes that body: the stream holds the same
    message `publish_events` would have sent, nothing encoded twice."""
    js = nats_bus.jetstream()
    events = [_message(f"stored first {n}") for n in range(3)]
    first = (await js.stream_info(subj.STREAM_EVENTS)).state.last_seq + 1
    await publish_encoded(nats_bus, [(event, subj.inbound("web"), event.model_dump_json().encode())
                                     for event in events])
    last = (await js.stream_info(subj.STREAM_EVENTS)).state.last_seq
    stored = [await js.get_msg(subj.STREAM_EVENTS, seq) for seq in range(first, last + 1)]
    assert [message.data for message in stored] == [encode(event) for event in events]
    assert [message.headers for message in stored] == [
        {**event_headers(event), "Nats-Expected-Stream": subj.STREAM_EVENTS} for event in events
    ]


async def test_each_stored_event_is_counted_once_by_its_type(nats_bus: NatsBus) -> None:
    def published() -> float:
        labels = {"type": "client.message.received"}
        return REGISTRY.get_sample_value("peerline_messages_published_total", labels) or 0.0

    before = published()
    await publish_event(nats_bus, _message("counted"), subj.inbound("web"))
    await publish_events(nats_bus, [(_message(f"counted {n}"), subj.inbound("web")) for n in range(3)])
    assert published() == before + 4


async def test_events_published_together_raise_when_one_is_not_stored(nats_bus: NatsBus) -> None:
    with pytest.raises(nats.js.errors.NoStreamResponseError):  # no stream takes this subject
        await publish_events(nats_bus, [(_message(), subj.inbound("web")), (_message(), "nowhere.at.all")])
    await publish_events(nats_bus, [(_message(), subj.inbound("web"))])  # the bus goes on


async def test_a_publish_no_stream_takes_or_another_stream_refuses_raises_and_leaves_nothing_waiting(
    nats_bus: NatsBus,
) -> None:
    await nats_bus.jetstream().add_stream(name="OTHER", subjects=["elsewhere.>"])
    with pytest.raises(nats.js.errors.NoStreamResponseError):
        await publish_event(nats_bus, _message(), "nowhere.at.all")
    with pytest.raises(nats.js.errors.APIError, match="expected stream does not match"):
        await publish_event(nats_bus, _message(), "elsewhere.web")  # expected: the events stream
    assert nats_bus.publisher is not None and nats_bus.publisher.waiting == {}
    await publish_event(nats_bus, _message(), subj.inbound("web"))  # the bus goes on


async def test_a_publish_nobody_acknowledges_times_out_and_leaves_nothing_waiting(nats_bus: NatsBus) -> None:
    connection = nats_bus.current_connection()
    assert connection is not None and nats_bus.publisher is not None
    silent = await connection.subscribe("silent.listener")  # a responder that never answers
    with pytest.raises(nats.errors.TimeoutError):
        await nats_bus.publisher.publish("silent.listener", b"{}", stream=subj.STREAM_EVENTS,
                                         headers={}, timeout=0.2)
    assert nats_bus.publisher.waiting == {}
    await silent.unsubscribe()
