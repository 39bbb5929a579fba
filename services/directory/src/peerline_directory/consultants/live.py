"""Presence and load in Redis: what routing reads on every candidates query.

Presence is a key per consultant with a TTL (heartbeats every ~20 s keep it; a closed laptop
lets it expire). Load and last-assignment times are a mirror of the database tables, rewritten
as a whole after each conversation event; if Redis lost the mirror (restart without
persistence), the `_built` marker is missing and the next reader rebuilds it from the database.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import cast

from redis.asyncio import Redis
from redis.typing import EncodableT, FieldT

from peerline_directory.domain.ranking import Presence

PRESENCE_PREFIX = "directory:presence:"
LOAD_KEY = "directory:load"
IDLE_KEY = "directory:idle"
BUILT_FIELD = "_built"
KNOWN_PRESENCE: frozenset[str] = frozenset({"available", "busy", "away"})


@dataclass(frozen=True)
class LiveState:
    presence: Mapping[uuid.UUID, Presence] = field(default_factory=dict)
    load: Mapping[uuid.UUID, int] = field(default_factory=dict)
    idle_since: Mapping[uuid.UUID, datetime] = field(default_factory=dict)
    mirror_built: bool = True


def presence_key(consultant_id: uuid.UUID) -> str:
    return f"{PRESENCE_PREFIX}{consultant_id}"


async def set_presence(redis: Redis, consultant_id: uuid.UUID, status: Presence,
                       ttl_seconds: int) -> Presence:
    """Store a heartbeat; returns the status it replaces ("offline" when there was none)."""
    key = presence_key(consultant_id)
    async with redis.pipeline(transaction=True) as pipe:
        pipe.get(key)
        if status == "offline":
            pipe.delete(key)
        else:
            pipe.set(key, status, ex=ttl_seconds)
        previous, _ = await pipe.execute()
    return cast(Presence, previous) if previous in KNOWN_PRESENCE else "offline"


# One round trip, one short request and one short reply: redis-py's pure-Python packing and
# parsing of 600 small values cost more than Redis takes to run this. The ids travel as one
# comma-joined argument; presence keys are built here from the prefix, so this script needs a
# single Redis (not Cluster). Returns "<built>;<presence>,<load>,<idle>;…" in the given order.
READ_LIVE_LUA = """
local out = {tostring(redis.call('HEXISTS', KEYS[1], ARGV[1]))}
for id in string.gmatch(ARGV[3], '[^,]+') do
  local presence = redis.call('GET', ARGV[2] .. id) or ''
  local load = redis.call('HGET', KEYS[1], id) or ''
  local idle = redis.call('HGET', KEYS[2], id) or ''
  out[#out + 1] = presence .. ',' .. load .. ',' .. idle
end
return table.concat(out, ';')
"""


async def read_live(redis: Redis, consultant_ids: Sequence[uuid.UUID]) -> LiveState:
    """Presence, load and last assignment of these consultants, in one round trip."""
    script = redis.register_script(READ_LIVE_LUA)
    joined = ",".join(map(str, consultant_ids))
    reply = await script(keys=[LOAD_KEY, IDLE_KEY], args=[BUILT_FIELD, PRESENCE_PREFIX, joined])
    built, *rows = str(reply).split(";")
    presence: dict[uuid.UUID, Presence] = {}
    load: dict[uuid.UUID, int] = {}
    idle: dict[uuid.UUID, datetime] = {}
    for cid, row in zip(consultant_ids, rows, strict=True):
        status, count, at = row.split(",")
        if status in KNOWN_PRESENCE:
            presence[cid] = cast(Presence, status)
        if count:
            load[cid] = int(count)
        if at:
            idle[cid] = datetime.fromtimestamp(float(at), UTC)
    return LiveState(presence=presence, load=load, idle_since=idle, mirror_built=built == "1")


async def write_mirror(redis: Redis, load: Mapping[uuid.UUID, int],
                       idle_since: Mapping[uuid.UUID, datetime]) -> None:
    loads: dict[FieldT, EncodableT] = {str(cid): str(n) for cid, n in load.items()}
    idles: dict[FieldT, EncodableT] = {str(cid): repr(at.timestamp())
                                             for cid, at in idle_since.items()}
    async with redis.pipeline(transaction=True) as pipe:
        pipe.delete(LOAD_KEY, IDLE_KEY)
        pipe.hset(LOAD_KEY, mapping={**loads, BUILT_FIELD: "1"})
        pipe.hset(IDLE_KEY, mapping={**idles, BUILT_FIELD: "1"})
        await pipe.execute()
