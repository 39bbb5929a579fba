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


async def read_live(redis: Redis, consultant_ids: Sequence[uuid.UUID]) -> LiveState:
    """One round trip: presence of these consultants, and the whole load/idle mirror."""
    async with redis.pipeline(transaction=False) as pipe:
        if consultant_ids:
            pipe.mget([presence_key(cid) for cid in consultant_ids])
        pipe.hgetall(LOAD_KEY)
        pipe.hgetall(IDLE_KEY)
        replies = await pipe.execute()
    statuses = replies[0] if consultant_ids else []
    load_hash, idle_hash = replies[-2], replies[-1]
    presence = {cid: cast(Presence, status) for cid, status in zip(consultant_ids, statuses, strict=True)
                if status in KNOWN_PRESENCE}
    return LiveState(
        presence=presence,
        load={uuid.UUID(key): int(value) for key, value in load_hash.items() if key != BUILT_FIELD},
        idle_since={uuid.UUID(key): datetime.fromtimestamp(float(value), UTC)
                    for key, value in idle_hash.items() if key != BUILT_FIELD},
        mirror_built=BUILT_FIELD in load_hash,
    )


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
