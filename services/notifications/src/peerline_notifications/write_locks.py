"""What a write transaction waits for on PostgreSQL before it reads anything.

The audit chain's head is not among them: it is locked last, only by a transaction that
appends records, just before its commit (`AuditRepository.write_pending`). The order is
always the same, so no two transactions wait for each other in a circle:

    the writes gate (shared or exclusive) → the clients' locks, sorted → the audit head

- `EVERY_WRITE` (the default) takes the gate exclusively: the transaction runs alone, as
  every write did when the head was taken first. Claims, transfers, routing and the SLA
  actions count consultants' loads and queue places across conversations, so they need that.
- `clients(...)` (a batch of triaged messages) takes the gate shared and one lock per client:
  batches of different clients run side by side on several replicas; a batch and a claim
  on the same conversation queue at the gate instead of waiting for each other's rows.
- `AUDIT_ONLY` (a conversation or report viewed: reads, then one record) takes nothing.

Advisory transaction locks, not row locks: a client's first message has no conversation
row to lock yet. SQLite needs none of this: BEGIN IMMEDIATE already runs one writer at a time
(`db.py`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

GATE_SPACE = 0x4E_54_46_01
"""Advisory-lock key space of the writes gate; the gate is key (GATE_SPACE, 0). Two-integer
keys are apart from one-bigint keys (the gateway's content chain uses one), and the services
share one database: these spaces are notifications' only."""
CLIENT_SPACE = 0x4E_54_46_02
"""Key space of the clients' locks: (CLIENT_SPACE, 32 bits of a hash of the client id). Two
clients on one key only wait for each other."""

_EXCLUSIVE_GATE = text("SELECT pg_advisory_xact_lock(:space, 0)")
_SHARED_GATE = text("SELECT pg_advisory_xact_lock_shared(:space, 0)")
# Sorted in a subquery (which PostgreSQL does not flatten), so locked in the keys' order.
_CLIENTS = text(
    "SELECT count(pg_advisory_xact_lock(:space, key)) FROM "
    "(SELECT unnest(CAST(:keys AS integer[])) AS key ORDER BY key) AS sorted"
)


@dataclass(frozen=True)
class WriteScope:
    kind: Literal["every_write", "clients", "audit_only"]
    client_keys: tuple[int, ...] = ()


EVERY_WRITE = WriteScope("every_write")
AUDIT_ONLY = WriteScope("audit_only")


def clients(client_ids: Iterable[str]) -> WriteScope:
    """Writes to these clients' conversations only (and their audit records)."""
    return WriteScope("clients", tuple(sorted({client_key(client_id) for client_id in client_ids})))


def client_key(client_id: str) -> int:
    return int.from_bytes(hashlib.blake2b(client_id.encode(), digest_size=4).digest(), "big", signed=True)


async def take(session: AsyncSession, scope: WriteScope) -> None:
    """Take the scope's locks now; they are held until the transaction ends."""
    if session.get_bind().dialect.name == "sqlite" or scope.kind == "audit_only":
        return
    if scope.kind == "every_write":
        await session.execute(_EXCLUSIVE_GATE, {"space": GATE_SPACE})
        return
    await session.execute(_SHARED_GATE, {"space": GATE_SPACE})
    if scope.client_keys:
        await session.execute(_CLIENTS, {"space": CLIENT_SPACE, "keys": list(scope.client_keys)})
