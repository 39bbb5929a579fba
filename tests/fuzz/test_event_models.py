"""Every wire model: what is encoded decodes to the same value, and no byte string makes
`decode` raise anything but `UnreadableMessage` (so a consumer parks it and goes on)."""

from __future__ import annotations

import json
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from peerline_shared.events import ALL_MESSAGES, EventBase, UnreadableMessage, decode, encode

from .budget import count, fuzz_settings
from .schema_strategy import from_schema

pytestmark = [pytest.mark.fuzz]

MODELS = {model.__name__: model for model in ALL_MESSAGES}


def _instances(model: type[EventBase]) -> st.SearchStrategy[EventBase]:
    def build(raw: dict[str, Any]) -> EventBase | None:
        try:
            return model.model_validate(raw)
        except ValidationError:
            return None

    return from_schema(model.model_json_schema()).map(build).filter(lambda made: made is not None)  # type: ignore[return-value]


@pytest.mark.parametrize("name", sorted(MODELS))
def test_encode_then_decode_gives_the_same_message(name: str) -> None:
    model = MODELS[name]

    @fuzz_settings(ci=15, large=400)
    @given(_instances(model))
    def round_trip(message: EventBase) -> None:
        count("events: round trip")
        assert decode(model, encode(message)) == message

    round_trip()


def _mutations(model: type[EventBase]) -> st.SearchStrategy[bytes]:
    """Damaged versions of a valid message: a field replaced, removed or retyped; cut short."""
    valid = _instances(model).map(lambda message: orjson.loads(encode(message)))
    junk = (
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats()
        | st.text(max_size=30)
        | st.lists(st.integers(), max_size=3)
    )

    @st.composite
    def damage(draw: st.DrawFn) -> bytes:
        body: dict[str, Any] = draw(valid)
        key = draw(st.sampled_from(sorted(body)))
        action = draw(st.sampled_from(["replace", "remove", "truncate", "version"]))
        if action == "replace":
            body[key] = draw(junk)
        elif action == "remove":
            body.pop(key)
        elif action == "version":
            body["schema_version"] = draw(st.integers(min_value=2, max_value=99))
        raw = json.dumps(body).encode()
        if action == "truncate":
            raw = raw[: draw(st.integers(min_value=0, max_value=max(0, len(raw) - 1)))]
        return raw

    return damage()


@pytest.mark.parametrize("name", sorted(MODELS))
def test_decode_of_any_bytes_raises_only_unreadable_message(name: str) -> None:
    model = MODELS[name]
    arbitrary = st.binary(max_size=2000) | st.text(max_size=500).map(str.encode) | _mutations(model)

    @fuzz_settings(ci=25, large=800)
    @given(arbitrary)
    def never_crashes(body: bytes) -> None:
        count("events: decode of damaged or random bytes")
        try:
            decoded = decode(model, body)
        except UnreadableMessage as problem:
            assert str(problem).startswith(model.__name__)
            return
        assert isinstance(decoded, model)

    never_crashes()


@pytest.mark.parametrize("name", sorted(MODELS))
def test_an_unknown_schema_version_is_unreadable_not_misread(name: str) -> None:
    model = MODELS[name]
    # Versions above the one this model is: ConsultantSaved is already at 2.
    newest = model.model_fields["schema_version"].default

    @fuzz_settings(ci=3, large=50)
    @given(_instances(model), st.integers(min_value=newest + 1, max_value=2**31))
    def refused(message: EventBase, version: int) -> None:
        body = orjson.loads(encode(message))
        body["schema_version"] = version
        with pytest.raises(UnreadableMessage):
            decode(model, orjson.dumps(body))

    refused()


@pytest.mark.parametrize("depth", [1, 100, 10_000, 200_000])
def test_deeply_nested_json_is_unreadable(depth: int) -> None:
    body = b"[" * depth + b"]" * depth
    with pytest.raises(UnreadableMessage):
        decode(MODELS["ClientMessageReceived"], body)
