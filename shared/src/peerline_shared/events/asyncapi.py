"""The event catalogue as an AsyncAPI 3.0 document, generated from the contract.

    uv run python -m peerline_shared.events.asyncapi > docs/asyncapi.json    (or `make asyncapi`)

Every subject (events.catalogue) is a channel; every message model at every version still read
is a message with its JSON Schema from pydantic; streams are `send` operations, commands and
queries are request/reply operations with their reply messages. The output is deterministic
(sorted keys, no timestamps), so the committed copy can be compared with a fresh one
(tests/contract/test_asyncapi.py).
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from pydantic.json_schema import models_json_schema

from peerline_shared.events.base import Command, Event, Message, Query, Reply
from peerline_shared.events.catalogue import RPCS, STREAMS, SUBJECT_PARAMETERS, Rpc, Stream
from peerline_shared.events.registry import key_of

ASYNCAPI_VERSION = "3.0.0"
TYPE_HEADER = "Peerline-Event-Type"
KIND_OF = {Event: "event", Command: "command", Query: "query", Reply: "reply"}

Document = dict[str, Any]


def message_name(model: type[Message]) -> str:
    """`ConsultantSaved.v2`: one name per (model, version)."""
    return f"{model.__name__.removesuffix('V1')}.v{key_of(model)[1]}"


def kind_of(model: type[Message]) -> str:
    return next(name for base, name in KIND_OF.items() if issubclass(model, base))


def _all_models() -> list[type[Message]]:
    seen: dict[str, type[Message]] = {}
    for stream in STREAMS:
        for model in stream.messages:
            seen[message_name(model)] = model
    for rpc in RPCS:
        for model in (rpc.request, *rpc.older_requests, *rpc.replies):
            seen[message_name(model)] = model
    return [seen[name] for name in sorted(seen)]


def _schemas(models: list[type[Message]]) -> dict[str, Any]:
    _, top = models_json_schema([(model, "validation") for model in models],
                                ref_template="#/components/schemas/{model}")
    return dict(sorted(top.get("$defs", {}).items()))


def _message(model: type[Message]) -> Document:
    message_type, version = key_of(model)
    return {
        "name": message_name(model),
        "title": model.__name__,
        "summary": (model.__doc__ or "").strip().split("\n\n")[0].replace("\n", " "),
        "contentType": "application/json",
        "headers": {
            "type": "object",
            "properties": {
                TYPE_HEADER: {"type": "string", "const": f"{message_type}/v{version}"},
                "Nats-Msg-Id": {"type": "string", "description": "the message's event_id"},
            },
        },
        "payload": {"$ref": f"#/components/schemas/{model.__name__}"},
        "x-peerline-type": message_type,
        "x-peerline-schema-version": version,
        "x-peerline-kind": kind_of(model),
    }


def _refs(models: tuple[type[Message], ...]) -> dict[str, Any]:
    return {message_name(m): {"$ref": f"#/components/messages/{message_name(m)}"} for m in models}


def _parameters(subject: str) -> dict[str, Any]:
    names = re.findall(r"\{(\w+)\}", subject)
    return {name: {"enum": list(SUBJECT_PARAMETERS[name])} for name in names}


def _stream(stream: Stream) -> tuple[Document, Document]:
    channel: Document = {"address": stream.subject, "summary": stream.summary,
                         "messages": _refs(stream.messages)}
    if parameters := _parameters(stream.subject):
        channel["parameters"] = parameters
    operation = {
        "action": "send",
        "channel": {"$ref": f"#/channels/{stream.name}"},
        "summary": stream.summary,
        "messages": [{"$ref": f"#/channels/{stream.name}/messages/{message_name(m)}"}
                     for m in stream.messages],
        "x-peerline-senders": list(stream.senders),
        "x-peerline-receivers": list(stream.receivers),
        "x-peerline-delivery": "JetStream, at least once; receivers are idempotent by event_id",
    }
    return channel, operation


def _rpc(rpc: Rpc) -> tuple[Document, Document, Document]:
    reply_name = f"{rpc.name}.reply"
    requests = (rpc.request, *rpc.older_requests)
    channel = {"address": rpc.subject, "summary": rpc.summary, "messages": _refs(requests)}
    reply_channel = {"address": None, "summary": f"The reply inbox of {rpc.name}",
                     "messages": _refs(rpc.replies)}
    operation = {
        "action": "send",
        "channel": {"$ref": f"#/channels/{rpc.name}"},
        "summary": rpc.summary,
        "messages": [{"$ref": f"#/channels/{rpc.name}/messages/{message_name(m)}"} for m in requests],
        "reply": {
            "channel": {"$ref": f"#/channels/{reply_name}"},
            "messages": [{"$ref": f"#/channels/{reply_name}/messages/{message_name(m)}"}
                         for m in rpc.replies],
        },
        "x-peerline-senders": list(rpc.senders),
        "x-peerline-receivers": [rpc.receiver],
        "x-peerline-delivery": "NATS request/reply (core NATS, outside every stream)",
    }
    return channel, reply_channel, operation


def build() -> Document:
    channels: Document = {}
    operations: Document = {}
    for stream in STREAMS:
        channels[stream.name], operations[f"publish.{stream.name}"] = _stream(stream)
    for rpc in RPCS:
        channels[rpc.name], channels[f"{rpc.name}.reply"], operations[f"request.{rpc.name}"] = _rpc(rpc)
    models = _all_models()
    return {
        "asyncapi": ASYNCAPI_VERSION,
        "info": {
            "title": "Peerline messages",
            "version": "1.0.0",
            "description": (
                "Every NATS subject Peerline uses, the messages on it with their JSON Schemas and "
                "versions, who sends and who reads them. Generated from peerline_shared.events "
                "(`make asyncapi`); do not edit by hand."),
        },
        "defaultContentType": "application/json",
        "servers": {"local": {"host": "127.0.0.1:14222", "protocol": "nats",
                              "description": "the nats-server `make run` starts"}},
        "channels": channels,
        "operations": operations,
        "components": {
            "messages": {message_name(m): _message(m) for m in models},
            "schemas": _schemas(models),
        },
    }


def render() -> str:
    return json.dumps(build(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> None:
    sys.stdout.write(render())


if __name__ == "__main__":
    main()
