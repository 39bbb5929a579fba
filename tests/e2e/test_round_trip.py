"""The walking skeleton, end to end: every service a real process, real NATS and Redis."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import orjson
import pytest

from peerline_devtools.devstack import DevStack

from .support import ChatClient, own_supervisor

pytestmark = [pytest.mark.e2e]

CLIENT_TEXT = "Привіт, де можна здати тест на ВІЛ у Львові? Мій номер +380671234567"
REPLY_TEXT = "Добрий день! У Львові безкоштовно тестують у центрі СНІДу."


async def test_web_chat_message_reaches_console_and_reply_comes_back(system: DevStack) -> None:
    chat, console = ChatClient(system.url("gateway")), await own_supervisor(system)
    try:
        await chat.connect()
        message_id = await chat.say(CLIENT_TEXT)
        await chat.next_frame("ack", id=message_id)

        item = await console.wait_for_conversation(lambda item: "ВІЛ" in item["preview"])
        assert "+380671234567" not in item["preview"], "the phone number must be scrubbed at the edge"
        assert item["lang"] == "uk"

        claimed = await console.act(item["conversation_id"], "claim")
        assert claimed.status_code == 200, claimed.text
        replied = await console.act(item["conversation_id"], "reply", {"text": REPLY_TEXT})
        assert replied.status_code == 200, replied.text

        reply = await chat.next_frame("message", text=REPLY_TEXT)
        assert reply["alias"] == console.alias
        actions = _audit_actions(system.var_dir, item["conversation_id"])
        assert {"queued", "claimed", "replied"} <= set(actions)
    finally:
        await chat.close()
        await console.close()
    _assert_logs_are_private_and_traced(system.var_dir / "logs")


async def test_claim_without_csrf_token_is_refused(system: DevStack) -> None:
    chat, console = ChatClient(system.url("gateway")), await own_supervisor(system)
    try:
        await chat.connect()
        await chat.say("hello, is anyone there? I need help with documents")
        item = await console.wait_for_conversation(lambda item: "documents" in item["preview"])
        refused = await console.act(item["conversation_id"], "claim", csrf=False)
        assert refused.status_code == 403
        assert (await console.queue())[0]["state"] in ("queued", "offered", "active")
    finally:
        await chat.close()
        await console.close()


def _audit_actions(var_dir: Path, conversation_id: str) -> list[str]:
    with sqlite3.connect(var_dir / "db" / "notifications.sqlite") as db:
        rows = db.execute(
            "SELECT action FROM notifications_audit WHERE conversation_id = ? ORDER BY sequence",
            (conversation_id.replace("-", ""),),
        ).fetchall()
    return [row[0] for row in rows]


def _assert_logs_are_private_and_traced(log_dir: Path) -> None:
    lines = [line for path in log_dir.glob("*.log") for line in path.read_bytes().splitlines()]
    text = b"\n".join(lines).decode()
    for secret in ("+380671234567", "ВІЛ у Львові", REPLY_TEXT):
        assert secret not in text, f"log output contains {secret!r}"
    records = [orjson.loads(line) for line in lines if line.startswith(b"{")]
    accepted = [r for r in records if r.get("event") == "chat.message_accepted"]
    assert accepted, "the gateway logs each accepted message"
    trace = accepted[0]["trace_id"]
    services = {r["service"] for r in records if r.get("trace_id") == trace}
    assert {"gateway", "triage"} <= services, services
