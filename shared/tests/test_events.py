"""Every wire message: frozen, enveloped, and round-trips through JSON."""

from __future__ import annotations

import uuid

import pytest
from pydantic import ValidationError

from peerline_shared.events import (
    ALL_MESSAGES,
    ClientMessageReceived,
    ConversationUpdated,
    UnreadableMessage,
    decode,
    encode,
)


@pytest.mark.parametrize("model", ALL_MESSAGES, ids=lambda model: model.__name__)
def test_envelope_fields(model: type) -> None:
    fields = model.model_fields
    for name in ("type", "schema_version", "event_id", "occurred_at", "trace_id"):
        assert name in fields, f"{model.__name__} lacks {name}"
    assert model.model_config.get("frozen") is True


def test_round_trip_and_frozen() -> None:
    event = ClientMessageReceived(client_id="v1:ABC", channel="web", text="hi")
    assert decode(ClientMessageReceived, encode(event)) == event
    with pytest.raises(ValidationError):
        event.text = "changed"  # type: ignore[misc]


@pytest.mark.parametrize(
    "event",
    [
        ClientMessageReceived(
            client_id="v1:ABC",
            channel="web",
            text='мені погано 😔 "лапки" \\ /\n\t\u0001',
            redactions={"phone": 1},
        ),
        ConversationUpdated(
            conversation_id=uuid.uuid4(),
            state="active",
            urgency="high",
            lang="uk",
            channel="web",
            topics=("overdose",),
            consultant_alias="Оксана",
        ),
    ],
    ids=lambda event: event.type,
)
def test_encode_gives_the_bytes_of_model_dump_json(event: ClientMessageReceived) -> None:
    """`encode` skips `model_dump_json`'s str round trip; the bytes on the wire stay the same."""
    assert encode(event) == event.model_dump_json().encode()
    assert isinstance(encode(event), bytes)


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"{",
        b"[]",
        b'{"type":"client.message.received","schema_version":2}',
        "\udcff".encode("utf-8", "surrogatepass"),
    ],
)
def test_unreadable_bodies_raise_one_clear_error(body: bytes) -> None:
    with pytest.raises(UnreadableMessage):
        decode(ClientMessageReceived, body)


def test_client_id_must_be_a_pseudonym() -> None:
    with pytest.raises(ValidationError):
        ClientMessageReceived(client_id="123456789", channel="telegram", text="hi")
