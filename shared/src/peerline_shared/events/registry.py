"""Every wire message by `(type, schema_version)`, and the upcasters between versions.

A consumer asks for the newest model of a message (`decode(ConsultantSaved, body)`); a body
written by an older producer is read by its own version, then carried forward one version at a
time by the registered upcasters (dict in, dict out, in the manner of eventsourcing's
`upcast_v1_v2`) until it is the version asked for. A version the consumer does not know (a
newer producer deployed first) is unreadable and parked with that reason: consumers learn a
version before producers send it.

The registry also names the type header the publisher writes (`Peerline-Event-Type:
conversation.claimed/v1`), so a reader can pick the model from the header alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from peerline_shared.events.base import Message

Key = tuple[str, int]
Payload = dict[str, Any]
Upcaster = Callable[[Payload], Payload]


class UnknownMessage(LookupError):
    """No model is registered for this type and version, and no upcaster leads from it."""


def key_of(model: type[Message]) -> Key:
    """The `(type, schema_version)` a model declares with its two `Literal` defaults."""
    fields = model.model_fields
    message_type, version = fields["type"].default, fields["schema_version"].default
    if not isinstance(message_type, str) or not isinstance(version, int):
        raise TypeError(f"{model.__name__} declares no literal type and schema_version")
    return message_type, version


def type_header(message: Message) -> str:
    """The value of the type header for `message`: `conversation.claimed/v1`."""
    return f"{message.type}/v{message.schema_version}"


def parse_type_header(value: str) -> Key:
    """`"conversation.claimed/v1"` → `("conversation.claimed", 1)`; ValueError otherwise."""
    message_type, _, version = value.rpartition("/v")
    if not message_type or not version.isdigit():
        raise ValueError(f"not a type header: {value[:80]!r}")
    return message_type, int(version)


class Registry:
    def __init__(self, models: Iterable[type[Message]] = ()) -> None:
        self.models: dict[Key, type[Message]] = {}
        self.upcasters: dict[Key, tuple[Upcaster, Key]] = {}
        for model in models:
            self.register(model)

    def register(self, model: type[Message]) -> None:
        key = key_of(model)
        if self.models.get(key, model) is not model:
            raise ValueError(f"{key} is registered twice: {self.models[key].__name__}, {model.__name__}")
        self.models[key] = model

    def upcaster(self, message_type: str, version: int, *,
                 into: type[Message]) -> Callable[[Upcaster], Upcaster]:
        """Register the step from `(message_type, version)` to the model `into` (the next
        version); the function returns the payload of `into`, `type` and `schema_version` too."""

        def register(step: Upcaster) -> Upcaster:
            self.upcasters[(message_type, version)] = (step, key_of(into))
            return step

        return register

    def model(self, key: Key) -> type[Message]:
        try:
            return self.models[key]
        except KeyError:
            raise UnknownMessage(f"no model for {key[0]!r} version {key[1]}") from None

    def upcast(self, payload: Payload, target: type[Message]) -> Payload:
        """Carry `payload` forward through the upcasters until it has `target`'s key."""
        wanted = key_of(target)
        seen: set[Key] = set()
        current = _key_in(payload)
        while current != wanted:
            if current not in self.upcasters or current in seen:
                raise UnknownMessage(f"{current[0]!r} version {current[1]} cannot be read as "
                                     f"{wanted[0]!r} version {wanted[1]}")
            seen.add(current)
            step, next_key = self.upcasters[current]
            payload = step(dict(payload))
            if _key_in(payload) != next_key:
                raise UnknownMessage(f"the upcaster from {current} gave {_key_in(payload)}, not {next_key}")
            current = next_key
        return payload

    def newest(self, key: Key) -> type[Message]:
        """The model a message of `key` is read as: `key`'s own, or the one its upcasters lead
        to (`("command.consultant_saved", 1)` → `ConsultantSaved`, v2)."""
        seen: set[Key] = set()
        while key in self.upcasters and key not in seen:
            seen.add(key)
            key = self.upcasters[key][1]
        return self.model(key)

    def versions(self) -> Mapping[Key, type[Message]]:
        return dict(self.models)


def _key_in(payload: Mapping[str, Any]) -> Key:
    message_type, version = payload.get("type"), payload.get("schema_version")
    if not isinstance(message_type, str) or not isinstance(version, int) or isinstance(version, bool):
        raise UnknownMessage("the message has no type and schema_version")
    return message_type, version
