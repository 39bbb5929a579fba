"""Reading everything the system keeps, and searching it for seeded identifiers."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from peerline_devtools.devstack import DevStack

from ..chaos.evidence import log_records, redis_contents, sqlite_tables, stream_messages

Places = dict[str, bytes]


def _flatten(value: Any) -> bytes:
    """Raw bytes of a stored value (not repr, which would hide UTF-8 behind escapes)."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode()
    if isinstance(value, dict):
        return b"\n".join(_flatten(k) + b"=" + _flatten(v) for k, v in value.items())
    if isinstance(value, list | tuple | set):
        return b"\n".join(_flatten(item) for item in value)
    return str(value).encode()


async def everything_stored(stack: DevStack) -> Places:
    """Each place the system keeps data, by name (`nats:…`, `redis:…`, `sqlite:…`, `logs`)."""
    assert stack.nats is not None and stack.redis is not None
    places: Places = {}
    for message in await stream_messages(stack.nats.url):
        key = f"nats:{message.stream}:{message.subject}"
        places[key] = places.get(key, b"") + _flatten(message.headers) + b"\n" + message.data + b"\n"
    for key, value in (await redis_contents(stack.redis.url)).items():
        places[f"redis:{key}"] = key.encode() + b"\n" + _flatten(value)
    for database in sorted((stack.var_dir / "db").glob("*.sqlite")):
        for table, rows in sqlite_tables(database).items():
            places[f"sqlite:{database.stem}.{table}"] = _flatten(rows)
    places["logs"] = b"\n".join(log_records(stack.var_dir / "logs"))
    return places


def raw_files(var_dir: Path) -> Places:
    """The bytes of every file in the data folder (`file:db/…`, `file:redis/…`, `file:nats/…`,
    `file:logs/…`): SQLite's main files and WAL with their free pages, JetStream's blocks,
    Redis's append-only file."""
    return {
        f"file:{path.relative_to(var_dir)}": path.read_bytes()
        for path in sorted(var_dir.rglob("*"))
        if path.is_file()
    }


def needles(identifiers: list[str]) -> dict[bytes, str]:
    """Each identifier as raw UTF-8 and as it looks inside JSON with ASCII escapes."""
    found: dict[bytes, str] = {}
    for identifier in identifiers:
        found[identifier.encode()] = identifier
        found[json.dumps(identifier)[1:-1].encode()] = identifier
    return found


def findings(places: Places, searched: dict[bytes, str]) -> list[str]:
    """`'identifier' in place` for each hit. A needle of digits only counts where no letter or
    digit touches it, so a postcode is not "found" inside a uuid or a timestamp."""
    patterns = {
        needle: re.compile(rb"(?<![0-9A-Za-z])" + re.escape(needle) + rb"(?![0-9A-Za-z])")
        for needle in searched
        if needle.isdigit()
    }
    return sorted(
        {
            f"{searched[needle]!r} in {place}"
            for place, content in places.items()
            for needle in searched
            if (patterns[needle].search(content) if needle in patterns else needle in content)
        }
    )


def kinds_of(found: list[str]) -> set[str]:
    """`{"nats", "sqlite", …}`: the kinds of place in `findings`' lines."""
    return {line.rsplit(" in ", 1)[1].split(":")[0] for line in found}
