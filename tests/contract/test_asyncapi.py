"""The published catalogue (docs/asyncapi.json) is what the contract generates, and complete."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from peerline_shared.events import ALL_MESSAGES, OLDER_VERSIONS, subjects
from peerline_shared.events.asyncapi import build, message_name, render
from peerline_shared.events.catalogue import RPCS, STREAMS
from peerline_shared.events.vocabulary import CHANNELS

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "docs" / "asyncapi.json"


def test_the_committed_catalogue_is_the_generated_one() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == render(), (
        "the contract changed: run `make asyncapi` and commit docs/asyncapi.json")


def test_every_message_and_version_is_in_the_catalogue() -> None:
    messages = build()["components"]["messages"]
    assert sorted(messages) == sorted(message_name(m) for m in (*ALL_MESSAGES, *OLDER_VERSIONS))
    saved = messages["ConsultantSaved.v2"]
    assert (saved["x-peerline-type"], saved["x-peerline-schema-version"], saved["x-peerline-kind"]) == (
        "reply.consultant_saved", 2, "reply")


def test_the_catalogue_uses_the_subjects_of_the_code() -> None:
    addresses = {stream.subject for stream in STREAMS} | {rpc.subject for rpc in RPCS}
    for channel in CHANNELS:
        assert subjects.inbound(channel).replace(channel, "{channel}") in addresses
        assert subjects.outbound(channel).replace(channel, "{channel}") in addresses
    named = {value for name, value in vars(subjects).items() if name.startswith("RPC_")
             and isinstance(value, str) and not value.endswith((">", "notifications"))}
    assert named <= addresses, named - addresses
    assert {subjects.rpc_notifications(c) for c in subjects.NOTIFICATIONS_RPC_COMMANDS} <= addresses


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [v for k, v in node.items() if k == "$ref"] + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def test_every_reference_resolves_and_requests_have_replies() -> None:
    document = json.loads(render())
    assert document["asyncapi"] == "3.0.0"
    for ref in _refs(document):
        node: Any = document
        for part in ref.removeprefix("#/").split("/"):
            node = node[part]
    requests = [op for name, op in document["operations"].items() if name.startswith("request.")]
    assert len(requests) == len(RPCS) and all(op["reply"]["messages"] for op in requests)


# The official JSON Schema of AsyncAPI 3.0.0 (`schemas/3.0.0-without-$id.json` of the npm
# package @asyncapi/specs 6.11.1, Apache-2.0, https://github.com/asyncapi/spec-json-schemas),
# minified and gzipped.
ASYNCAPI_SCHEMA = Path(__file__).with_name("asyncapi-3.0.0.schema.json.gz")


def _asyncapi_errors(document: dict[str, Any]) -> list[str]:
    import gzip

    import jsonschema

    schema = json.loads(gzip.decompress(ASYNCAPI_SCHEMA.read_bytes()))
    return [f"{list(error.path)}: {error.message[:200]}"
            for error in jsonschema.Draft7Validator(schema).iter_errors(document)]


def test_the_catalogue_is_valid_asyncapi_3() -> None:
    assert _asyncapi_errors(json.loads(COMMITTED.read_text(encoding="utf-8"))) == []


def test_the_asyncapi_check_would_see_a_broken_document() -> None:
    broken = build()
    broken["operations"]["publish.triaged"]["action"] = "publish"  # AsyncAPI 2's word, not 3's
    assert _asyncapi_errors(broken)
