"""Reading what a running system holds: JetStream streams and consumers, SQLite tables, Redis
keys, log lines, and the audit chain. Shared by the chaos tests and the privacy scan."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nats
from nats.js.api import StreamInfo
from nats.js.errors import NotFoundError
from redis.asyncio import Redis


@dataclass(frozen=True)
class StoredMessage:
    stream: str
    subject: str
    headers: dict[str, str]
    data: bytes


@dataclass(frozen=True)
class ConsumerState:
    stream: str
    name: str
    pending: int
    ack_pending: int
    redelivered: int


async def _streams(js: Any) -> list[StreamInfo]:
    return list(await js.streams_info())


async def stream_messages(nats_url: str) -> list[StoredMessage]:
    """Every message still stored in every stream, read by sequence (no consumer created)."""
    client = await nats.connect(nats_url, connect_timeout=5)
    try:
        js = client.jetstream()
        found: list[StoredMessage] = []
        for info in await _streams(js):
            name, state = info.config.name, info.state
            if not state.messages:
                continue
            for sequence in range(max(state.first_seq, 1), state.last_seq + 1):
                try:
                    raw = await js.get_msg(name, sequence)
                except NotFoundError:
                    continue  # deleted or expired
                found.append(StoredMessage(name, raw.subject, dict(raw.headers or {}), raw.data or b""))
        return found
    finally:
        await client.close()


async def stream_counts(nats_url: str) -> dict[str, int]:
    client = await nats.connect(nats_url, connect_timeout=5)
    try:
        return {info.config.name: info.state.messages for info in await _streams(client.jetstream())}
    finally:
        await client.close()


async def consumer_states(nats_url: str) -> list[ConsumerState]:
    client = await nats.connect(nats_url, connect_timeout=5)
    try:
        js = client.jetstream()
        states = []
        for info in await _streams(js):
            for consumer in await js.consumers_info(info.config.name):
                states.append(
                    ConsumerState(
                        info.config.name,
                        consumer.name,
                        consumer.num_pending or 0,
                        consumer.num_ack_pending or 0,
                        consumer.num_redelivered or 0,
                    )
                )
        return states
    finally:
        await client.close()


def sqlite_tables(database: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table in one SQLite file."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        names = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {name: db.execute(f'SELECT * FROM "{name}"').fetchall() for name in names}


def query(database: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        return db.execute(sql, params).fetchall()


async def redis_contents(redis_url: str) -> dict[str, Any]:
    """Every key with its value, read by type (strings, lists, sets, hashes, sorted sets, streams)."""
    client = Redis.from_url(redis_url, decode_responses=False)
    try:
        contents: dict[str, Any] = {}
        async for key in client.scan_iter(count=500):
            contents[key.decode(errors="replace")] = await _value(client, key)
        return contents
    finally:
        await client.aclose()


async def _value(client: Redis, key: bytes) -> Any:
    kind = (await client.type(key)).decode()
    readers: dict[str, Any] = {
        "string": lambda: client.get(key),
        "list": lambda: client.lrange(key, 0, -1),
        "set": lambda: client.smembers(key),
        "hash": lambda: client.hgetall(key),
        "zset": lambda: client.zrange(key, 0, -1, withscores=True),
        "stream": lambda: client.xrange(key, "-", "+"),
    }
    reader = readers.get(kind)
    return await reader() if reader is not None else f"<{kind}>"


def log_records(log_dir: Path) -> Iterator[bytes]:
    for path in sorted(log_dir.glob("*.log")):
        yield from path.read_bytes().splitlines()


async def audit_chain_problems(database: Path) -> list[str]:
    """`peerline audit verify` on the notifications database: empty when the chain is intact."""
    command = [
        str(Path(sys.executable).parent / "peerline"),
        "audit",
        "verify",
        "--database-url",
        f"sqlite+aiosqlite:///{database}",
    ]
    result = await asyncio.to_thread(subprocess.run, command, capture_output=True, text=True, check=False)
    if result.returncode == 0 and "intact" in result.stdout:
        return []
    return [line for line in (result.stdout + result.stderr).splitlines() if line.strip()][-20:] or ["failed"]
