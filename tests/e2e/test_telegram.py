"""Telegram end to end: every service a process, aiogram talking to the Bot API emulator.

A client writes from "Telegram", the message reaches the console, the consultant's reply comes
back to the client's chat; then nothing the system stored or logged may identify the client:
not the chat id, username, names or phone number (the adapter's encrypted map included).
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import nats
import nats.js.errors
import pytest
from redis import Redis

from peerline_devtools.devstack import DEFAULT_PORTS, DevStack
from peerline_devtools.localservers import free_port_map
from peerline_shared import dev
from peerline_shared.events import subjects as subj
from peerline_testing.botapi import BotApiEmulator

from .support import Console

pytestmark = [pytest.mark.e2e]

CHAT_ID = 5550001234
FIRST, LAST, USERNAME = "Olenka", "Ковальчук", "olena_kov_77"
PHONE = "+380501234567"
CLIENT_TEXT = f"Привіт, потрібна замісна терапія в Києві, метадон закінчується. Мій номер {PHONE}"
REPLY = "Добрий день! Напишіть, будь ласка, в якому районі Києва ви зараз."
SECRETS = (str(CHAT_ID), FIRST, LAST, USERNAME, PHONE, PHONE[1:], "0501234567")


async def test_telegram_client_to_console_and_back_leaves_no_identity(tmp_path: Path) -> None:
    async with BotApiEmulator() as api:
        stack = DevStack(tmp_path / "system", free_port_map(DEFAULT_PORTS),
                         extra_env=api.adapter_env("123:e2e-token"))
        await asyncio.to_thread(stack.start)
        try:
            await converse(api, stack)
            stored = await stream_contents(stack) + redis_contents(stack)
        finally:
            await asyncio.to_thread(stack.stop)
    stored += database_contents(stack.var_dir / "db") + logs(stack.var_dir / "logs")
    for secret in SECRETS:
        assert secret.encode() not in stored, f"{secret!r} was stored or logged"
        assert ascii(secret)[1:-1].encode() not in stored, f"{secret!r} (escaped) was stored"


async def converse(api: BotApiEmulator, stack: DevStack) -> None:
    user = api.user(CHAT_ID, FIRST, LAST, USERNAME, "uk")
    api.send_text(user, "/start")
    await api.wait_for("sendMessage", count=2, chat_id=CHAT_ID, within_s=20)
    api.feed({"message": api.message(user, contact={"phone_number": PHONE, "first_name": FIRST,
                                                    "user_id": CHAT_ID})})
    api.send_text(user, CLIENT_TEXT)

    console = Console(stack.url("gateway"))
    try:
        assert (await console.login()).status_code == 303
        item = await console.wait_for_conversation(
            lambda item: "замісна терапія" in item["preview"], timeout=20)
        assert PHONE not in item["preview"]
        assert (await console.act(item["conversation_id"], "claim")).status_code == 200
        replied = await console.act(item["conversation_id"], "reply", {"text": REPLY})
        assert replied.status_code == 200, replied.text
    finally:
        await console.close()

    [call] = await api.wait_for("sendMessage", chat_id=CHAT_ID, within_s=20,
                                where=lambda call: REPLY in call.params["text"])
    assert call.params["text"] == f"{dev.DEMO_ALIAS}: {REPLY}"


async def stream_contents(stack: DevStack) -> bytes:
    """Every message (headers and body) of both JetStream streams."""
    assert stack.nats is not None
    client = await nats.connect(stack.nats.url)
    chunks: list[bytes] = []
    try:
        js = client.jetstream()
        for stream in (subj.STREAM_EVENTS, subj.STREAM_PARKED):
            state = (await js.stream_info(stream)).state
            for sequence in range(state.first_seq, state.last_seq + 1) if state.messages else ():
                try:
                    message = await js.get_msg(stream, sequence)
                except nats.js.errors.NotFoundError:  # deleted (an erasure, a limit)
                    continue
                chunks += [message.subject.encode(), message.data or b"",
                           str(message.headers or {}).encode()]
        assert chunks, "the stream should hold the conversation's events"
    finally:
        await client.close()
    return b"\n".join(chunks)


def redis_contents(stack: DevStack) -> bytes:
    assert stack.redis is not None
    client = Redis.from_url(stack.redis.url)
    chunks: list[bytes] = []
    for key in client.scan_iter():
        chunks.append(key)
        kind = client.type(key)
        reader = {b"string": client.get, b"hash": client.hgetall, b"list": lambda k: client.lrange(k, 0, -1),
                  b"set": client.smembers, b"zset": lambda k: client.zrange(k, 0, -1),
                  b"stream": lambda k: client.xrange(k)}.get(kind)
        chunks.append(repr(reader(key) if reader else kind).encode())
    client.close()
    return b"\n".join(chunks)


def database_contents(db_dir: Path) -> bytes:
    chunks: list[bytes] = []
    for path in sorted(db_dir.glob("*.sqlite")):
        with sqlite3.connect(path) as db:
            tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
            for table in tables:
                for row in db.execute(f'SELECT * FROM "{table}"'):
                    chunks += [v if isinstance(v, bytes) else str(v).encode() for v in row]
    assert chunks
    return b"\n".join(chunks)


def logs(log_dir: Path) -> bytes:
    return b"\n".join(path.read_bytes() for path in sorted(log_dir.glob("*.log")))
