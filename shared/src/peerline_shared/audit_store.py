"""An audit chain (`peerline_shared.audit_chain`) kept in a service's own tables: the head row,
the lock appenders queue on, and the check of what is stored against the head. Used by the
alerts' audit (telegram) and the content audit of channel posts (gateway).

Appends are serialised on the head row until the caller commits: an UPDATE that changes nothing
takes the row's lock on PostgreSQL and the database's write lock on SQLite before the head is
read, so each appender reads the true last record. A unique `previous_hash` on the records is
the last guard against a fork.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Select, String, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from peerline_shared.audit_chain import ChainPoint, ChainProblem, ChainRecord, record_hash, verify_chain

HEAD_ID = 1
E = TypeVar("E")


class AuditHeadMissing(RuntimeError):
    """The chain's head row is written by the service's migration; run its `migrate`."""


class ChainHead:
    """Columns of the one row naming a chain's last record (a mixin for a service's model):
    records deleted from the end show, and appenders queue on this row's lock."""

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    sequence: Mapped[int]
    record_hash: Mapped[str] = mapped_column(String(64))


@dataclass
class Link:
    """The place of the record being appended: its sequence and the hash it follows. `seal`
    hashes its content and moves the head onto it."""

    head: ChainHead
    sequence: int
    previous_hash: str

    def seal(self, content: Mapping[str, Any]) -> str:
        digest = record_hash(self.previous_hash, content)
        self.head.sequence, self.head.record_hash = self.sequence, digest
        return digest


async def next_link(session: AsyncSession, head_model: type[ChainHead]) -> Link:
    """Lock the head (until the caller commits) and say where the next record goes."""
    await session.execute(
        update(head_model).where(head_model.id == HEAD_ID).values(sequence=head_model.sequence)
    )
    query = select(head_model).where(head_model.id == HEAD_ID).execution_options(populate_existing=True)
    head = (await session.execute(query)).scalar_one_or_none()
    if head is None:
        raise AuditHeadMissing(f"{head_model.__tablename__} has no row; run the migrations")  # type: ignore[attr-defined]
    return Link(head, head.sequence + 1, head.record_hash)


async def verify_stored(
    session: AsyncSession,
    head_model: type[ChainHead],
    entries: Select[E],
    as_record: Callable[[E], ChainRecord],
) -> tuple[int, list[ChainProblem]]:
    """(number of records, problems) of what `entries` selects (every record, in stored order)
    as a chain ending at the head. Head and records must come from one snapshot (`db.snapshot`)
    where writers may be appending: read on their own, a record committed between the two
    reads shows as one deleted from the end or one the log never wrote."""
    head = await session.get(head_model, HEAD_ID, populate_existing=True)
    end = ChainPoint(head.sequence, head.record_hash) if head is not None else None
    records = [as_record(entry) for entry in (await session.execute(entries)).scalars()]
    return len(records), verify_chain(records, head=end)
