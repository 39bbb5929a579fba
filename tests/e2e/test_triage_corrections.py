"""A consultant corrects triage in the running system: the queue re-orders, the change is in
the audit log (who, when, old and new labels), the supervisor's figure counts it, and
`peerline triage export-corrections` writes it as a labelled line in dev.jsonl's format."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from peerline_devtools.devstack import DevStack

from .support import ChatClient, Console, own_supervisor

pytestmark = [pytest.mark.e2e]

WAITED_LONGER = "Добрий день, які документи потрібні для гуманітарної допомоги у Києві?"
MISSED = "Підкажіть, де у Львові можна зробити тест на гепатит С безкоштовно?"
DATASET_FIELDS = ["id", "text", "lang", "urgency", "topics"]  # dev.jsonl's fields, in its order


def _position(queue: list[dict[str, Any]], conversation_id: str) -> int:
    return [item["conversation_id"] for item in queue].index(conversation_id)


async def test_a_correction_reorders_the_queue_is_audited_and_exported(
    system: DevStack, tmp_path: Path
) -> None:
    first, second, console = (
        ChatClient(system.url("gateway")),
        ChatClient(system.url("gateway")),
        await own_supervisor(system),
    )
    try:
        for chat, text in ((first, WAITED_LONGER), (second, MISSED)):
            await chat.connect()
            await chat.next_frame("ack", id=await chat.say(text))
        older = await console.wait_for_conversation(lambda item: item["preview"] == WAITED_LONGER)
        missed = await console.wait_for_conversation(lambda item: item["preview"] == MISSED)
        assert (older["urgency"], missed["urgency"]) == ("normal", "normal")
        queue = await console.queue()
        assert _position(queue, older["conversation_id"]) < _position(queue, missed["conversation_id"])

        corrected = await console.act(
            missed["conversation_id"], "triage", {"urgency": "emergency", "topics": ["hepatitis", "overdose"]}
        )
        assert corrected.status_code == 200, corrected.text

        queue = await console.queue()
        assert _position(queue, missed["conversation_id"]) < _position(queue, older["conversation_id"])
        now = next(item for item in queue if item["conversation_id"] == missed["conversation_id"])
        assert (now["urgency"], now["topics"]) == ("emergency", ["hepatitis", "overdose"])
        bad = await console.act(missed["conversation_id"], "triage", {"urgency": "urgent", "topics": ["x"]})
        assert bad.status_code == 422

        await _assert_audited(console, missed["conversation_id"])
        await _assert_counted(console)
    finally:
        for chat in (first, second):
            await chat.close()
        await console.close()
    _assert_exported(system, tmp_path / "corrections.jsonl")


async def _assert_audited(console: Console, conversation_id: str) -> None:
    response = await console.http.get(
        "/console/api/audit", params={"conversation_id": conversation_id, "action": "triage_corrected"}
    )
    page = response.json()
    assert page["chain_ok"] is True
    [entry] = page["entries"]
    assert entry["actor_alias"] == console.alias and entry["at"]
    assert (entry["before"]["urgency"], entry["before"]["topics"]) == ("normal", ["hepatitis"])
    assert (entry["after"]["urgency"], entry["after"]["topics"]) == ("emergency", ["hepatitis", "overdose"])


async def _assert_counted(console: Console) -> None:
    stats = (await console.http.get("/console/api/corrections", params={"days": 1})).json()
    assert stats["conversations_corrected"] >= 1 and stats["conversations_opened"] >= 2
    assert any(
        change["triaged"] == "normal" and change["corrected"] == "emergency" and change["count"] >= 1
        for change in stats["changes"]
    )


def _assert_exported(system: DevStack, out: Path) -> None:
    assert system.nats is not None
    env = {**os.environ, "PEERLINE_NATS_URL": system.nats_url_for("triage")}  # as in production
    command = [
        str(Path(sys.executable).parent / "peerline"),
        "triage",
        "export-corrections",
        "--out",
        str(out),
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    ours = [line for line in lines if line["text"] == MISSED]
    assert len(ours) == 1 and list(ours[0]) == DATASET_FIELDS
    assert re.fullmatch(r"corr-\d+", ours[0]["id"])
    assert (ours[0]["lang"], ours[0]["urgency"], ours[0]["topics"]) == (
        "uk",
        "emergency",
        ["hepatitis", "overdose"],
    )
    assert len({line["id"] for line in lines}) == len(lines)
    assert "written to" in done.stderr
