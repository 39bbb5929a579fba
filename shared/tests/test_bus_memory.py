"""The in-memory bus runs the same routers as NATS: consumers, batches, followers, RPC."""

from __future__ import annotations

from collections.abc import Sequence

import nats.errors
import pytest

from peerline_shared.bus import (
    BadRequest,
    BusRouter,
    ContextError,
    MemoryBus,
    RequestFailed,
    Setting,
    publish_encoded,
    publish_event,
    request,
)
from peerline_shared.bus.memory import subject_matches
from peerline_shared.events import ClientMessageReceived, ListOnShift, OnShiftListed
from peerline_shared.settings import BaseServiceSettings

router = BusRouter()
seen: dict[str, list[str]] = {}


@router.consume(subject="helpline.inbound.*", durable="test-each", model=ClientMessageReceived)
async def on_each(event: ClientMessageReceived, notebook: dict[str, list[str]]) -> None:
    if event.text == "flaky" and "flaky" not in notebook["failed"]:
        notebook["failed"].append("flaky")
        raise RuntimeError("a hiccup")
    if event.text == "broken":
        raise RuntimeError("always")
    notebook["each"].append(event.text)


@router.consume_batch(subject="helpline.inbound.web", durable="test-batch", model=ClientMessageReceived,
                      max_batch=Setting("consumer_max_batch"))
async def on_batch(events: Sequence[ClientMessageReceived], notebook: dict[str, list[str]]) -> None:
    notebook["batch"].extend(event.text for event in events)


@router.follow(subject="helpline.inbound.>")
async def on_live(body: bytes, notebook: dict[str, list[str]]) -> None:
    notebook["live"].append(ClientMessageReceived.model_validate_json(body).text)


@router.rpc(subject="helpline.rpc.test.on_shift", request=ListOnShift, reply=OnShiftListed, queue="test")
async def on_shift(query: ListOnShift) -> OnShiftListed:
    if query.trace_id == "fail":
        raise RuntimeError("the database went away")
    return OnShiftListed(consultants=())


class Settings(BaseServiceSettings):
    consumer_max_batch: int = 7


def _message(text: str, channel: str = "web") -> ClientMessageReceived:
    return ClientMessageReceived(client_id="v1:ABC", channel=channel, text=text)  # type: ignore[arg-type]


@pytest.fixture
async def bus() -> MemoryBus:
    bus = MemoryBus()
    bus.include_router(router)
    notebook: dict[str, list[str]] = {"each": [], "batch": [], "live": [], "failed": []}
    await bus.start({"notebook": notebook, "settings": Settings()})
    seen.clear()
    seen.update(notebook)
    return bus


async def test_a_published_event_reaches_every_matching_consumer_and_follower(bus: MemoryBus) -> None:
    await publish_event(bus, _message("hello"), "helpline.inbound.web")
    await publish_event(bus, _message("bonjour", "telegram"), "helpline.inbound.telegram")
    assert seen["each"] == ["hello", "bonjour"]
    assert seen["batch"] == ["hello"], "the batch consumer listens on the web subject only"
    assert seen["live"] == ["hello", "bonjour"]
    assert [event.text for event in bus.published_on("helpline.inbound.*")] == ["hello", "bonjour"]  # type: ignore[attr-defined]


async def test_the_same_event_twice_is_stored_and_handled_once(bus: MemoryBus) -> None:
    event = _message("once")
    await publish_event(bus, event, "helpline.inbound.web")
    await publish_event(bus, event, "helpline.inbound.web")
    assert seen["each"] == ["once"] and len(bus.published) == 1


async def test_an_encoded_event_is_delivered_as_given_and_once(bus: MemoryBus) -> None:
    event = _message("encoded once")
    body = event.model_dump_json().encode()
    await publish_encoded(bus, [(event, "helpline.inbound.web", body), (event, "helpline.inbound.web", body)])
    assert seen["each"] == ["encoded once"] and bus.published == [("helpline.inbound.web", event)]


async def test_a_failing_handler_is_retried_then_parked_and_garbage_parked_at_once(bus: MemoryBus) -> None:
    await publish_event(bus, _message("flaky"), "helpline.inbound.web")
    await publish_event(bus, _message("broken"), "helpline.inbound.web")
    await bus.deliver("helpline.inbound.web", b"{not json")
    assert seen["each"] == ["flaky"], "retried once, then handled"
    parked = {(item.consumer, item.reason.split(":")[0]) for item in bus.parked}
    assert ("test-each", "failed 8 times") in parked
    assert any(item.data == b"{not json" and item.consumer == "test-batch" for item in bus.parked)


async def test_a_setting_option_is_read_from_the_context_settings() -> None:
    [batch] = [item for item in router.declarations if item.durable == "test-batch"]
    assert batch.resolved_options({"settings": Settings(consumer_max_batch=3)})["max_batch"] == 3


async def test_rpc_answers_its_reply_type_or_raises_a_typed_error(bus: MemoryBus) -> None:
    subject = "helpline.rpc.test.on_shift"
    assert (await request(bus, subject, ListOnShift(), OnShiftListed)).consultants == ()
    with pytest.raises(BadRequest, match="ListOnShift"):
        await request(bus, subject, _message("not a query"), OnShiftListed)
    with pytest.raises(RequestFailed):
        await request(bus, subject, ListOnShift(trace_id="fail"), OnShiftListed)
    with pytest.raises(nats.errors.NoRespondersError):
        await request(bus, "helpline.rpc.test.nobody", ListOnShift(), OnShiftListed)


async def test_a_missing_start_up_object_fails_the_start() -> None:
    bus = MemoryBus()
    bus.include_router(router)
    with pytest.raises(ContextError, match="needs `notebook`"):
        await bus.start({"settings": Settings()})


def test_the_declarations_can_be_listed() -> None:
    kinds = {(item.kind, item.subject, item.reply) for item in router.declarations}
    assert ("rpc", "helpline.rpc.test.on_shift", OnShiftListed) in kinds
    assert {item.kind for item in router.declarations} == {"consume", "consume_batch", "follow", "rpc"}


@pytest.mark.parametrize(("pattern", "subject", "matches"), [
    ("a.b", "a.b", True), ("a.*", "a.b", True), ("a.*", "a.b.c", False), ("a.>", "a.b.c", True),
    ("a.>", "a", False), ("a.b", "a.c", False), ("*.b", "a.b", True),
])
def test_subjects_match_as_on_nats(pattern: str, subject: str, matches: bool) -> None:
    assert subject_matches(pattern, subject) is matches
