"""Appending to and reading the audit chain; nobody else writes this SQL.

Appends are serialised on the single head row, taken as late as it can be: `append` only
collects the records, and `write_pending`, the transaction's last statements before its
commit, locks the head (`SELECT … FOR UPDATE` on PostgreSQL), numbers and hashes them, inserts
them and moves the head. So the head is held for the append and the commit, not for the
transaction's reads and other writes, and a transaction that appends nothing never takes it.
Whatever else a transaction locks (`write_locks`) comes before the head. On SQLite every
write transaction of this service starts with BEGIN IMMEDIATE (see `db.py`), so two
transactions never read the same head.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, inspect, select
from sqlalchemy.ext.asyncio import AsyncSession

from peerline_notifications.audit.models import HEAD_ID, AuditCheckpoint, AuditEntry, AuditHead
from peerline_shared.audit_chain import ChainPoint, ChainRecord, record_hash
from peerline_shared.logging import get_logger

log = get_logger()
SYSTEM_ACTOR = ("system", "system")
_ENTRY_COLUMNS = tuple(inspect(AuditEntry).column_attrs)
# Built once: SQLAlchemy computes a statement's cache key once per object, not per transaction.
_INSERT_ENTRIES = insert(AuditEntry.__table__)
_LOCK_HEAD = select(AuditHead).where(AuditHead.id == HEAD_ID).with_for_update()


class AuditHeadMissing(RuntimeError):
    """The head row is created by migration 0002; run `peerline notifications migrate`."""


class AuditRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self._head: AuditHead | None = None
        self._pending: list[AuditEntry] = []
        """Appended, not yet numbered nor written: `write_pending` does both under the head."""

    async def lock_head(self) -> AuditHead:
        """Take the chain's lock now (held to commit). Only `write_pending` and pruning do:
        taken earlier, it would serialise the rest of the transaction with every append."""
        if self._head is None:
            self._head = (await self.session.execute(_LOCK_HEAD)).scalar_one_or_none()
            if self._head is None:
                raise AuditHeadMissing("notifications_audit_head has no row; run the migrations")
        return self._head

    async def append(
        self,
        *,
        actor_id: str,
        actor_alias: str,
        action: str,
        conversation_id: uuid.UUID | None,
        at: datetime,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> None:
        """Add a record to the transaction's; its sequence and hash come in `write_pending`."""
        self._pending.append(
            AuditEntry(
                actor_id=actor_id,
                actor_alias=actor_alias,
                action=action,
                conversation_id=conversation_id,
                at=at,
                before=before or {},
                after=after or {},
            )
        )

    async def append_system(
        self,
        action: str,
        conversation_id: uuid.UUID | None,
        at: datetime,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> None:
        await self.append(
            actor_id=SYSTEM_ACTOR[0],
            actor_alias=SYSTEM_ACTOR[1],
            action=action,
            conversation_id=conversation_id,
            at=at,
            before=before,
            after=after,
        )

    async def write_pending(self) -> None:
        """Lock the head, chain the records appended so far to it, insert them (executemany)
        and move the head to the last: the head's UPDATE goes with the commit's flush."""
        if not self._pending:
            return
        entries, self._pending = self._pending, []
        head = await self.lock_head()
        for entry in entries:
            entry.sequence, entry.previous_hash = head.sequence + 1, head.record_hash
            entry.record_hash = record_hash(entry.previous_hash, entry.content())
            head.sequence, head.record_hash = entry.sequence, entry.record_hash
        rows = [{attribute.key: getattr(entry, attribute.key) for attribute in _ENTRY_COLUMNS}
                for entry in entries]
        await self.session.execute(_INSERT_ENTRIES, rows)  # Core, not the ORM's bulk layer
        for entry in entries:
            _log_recorded(entry)

    async def get_head(self) -> AuditHead | None:
        return await self.session.get(AuditHead, HEAD_ID)

    async def list_after(self, sequence: int, *, through: int | None = None) -> Sequence[AuditEntry]:
        """The records after `sequence` (up to `through`), in order (the index on the key: flat
        in the chain's length)."""
        await self.write_pending()
        query = select(AuditEntry).where(AuditEntry.sequence > sequence)
        if through is not None:
            query = query.where(AuditEntry.sequence <= through)
        return (await self.session.execute(query.order_by(AuditEntry.sequence))).scalars().all()

    async def get_checkpoint(self) -> ChainPoint | None:
        found = await self.session.get(AuditCheckpoint, HEAD_ID)
        return ChainPoint(found.sequence, found.record_hash) if found is not None else None

    async def save_checkpoint(self, point: ChainPoint, at: datetime) -> None:
        """Move the checkpoint forward (never back: a slower query may finish later)."""
        found = await self.session.get(AuditCheckpoint, HEAD_ID, with_for_update=True)
        if found is None:
            self.session.add(AuditCheckpoint(id=HEAD_ID, sequence=point.sequence,
                                             record_hash=point.record_hash, verified_at=at))
        elif found.sequence < point.sequence:
            found.sequence, found.record_hash, found.verified_at = point.sequence, point.record_hash, at

    async def list_all(self) -> Sequence[AuditEntry]:
        await self.write_pending()
        return (await self.session.execute(select(AuditEntry).order_by(AuditEntry.sequence))).scalars().all()

    async def list_filtered(
        self,
        *,
        actor_id: str | None = None,
        conversation_id: uuid.UUID | None = None,
        action: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 100,
    ) -> Sequence[AuditEntry]:
        await self.write_pending()
        query = select(AuditEntry)
        if actor_id is not None:
            query = query.where(AuditEntry.actor_id == actor_id)
        if conversation_id is not None:
            query = query.where(AuditEntry.conversation_id == conversation_id)
        if action is not None:
            query = query.where(AuditEntry.action == action)
        if since is not None:
            query = query.where(AuditEntry.at >= since)
        if until is not None:
            query = query.where(AuditEntry.at < until)
        query = query.order_by(AuditEntry.sequence.desc()).limit(limit)
        return (await self.session.execute(query)).scalars().all()

    async def list_conversations_acted_in(
        self, *, actor_id: str, actions: Iterable[str]
    ) -> set[uuid.UUID]:
        """The conversations in which `actor_id` did one of `actions` (one query)."""
        await self.write_pending()
        query = select(AuditEntry.conversation_id).where(
            AuditEntry.actor_id == actor_id,
            AuditEntry.action.in_(tuple(actions)),
            AuditEntry.conversation_id.is_not(None),
        ).distinct()
        return {found for found in (await self.session.execute(query)).scalars() if found is not None}

    async def list_for_conversation(self, conversation_id: uuid.UUID) -> Sequence[AuditEntry]:
        await self.write_pending()
        query = select(AuditEntry).where(AuditEntry.conversation_id == conversation_id)
        return (await self.session.execute(query.order_by(AuditEntry.sequence))).scalars().all()

    async def prune_before(self, cutoff: datetime) -> int:
        """Drop records older than `cutoff` from the start of the chain, keeping the anchor
        (the last dropped record's sequence and hash) so the rest still verifies."""
        await self.write_pending()
        head = await self.lock_head()
        query = select(AuditEntry).where(AuditEntry.at < cutoff).order_by(AuditEntry.sequence.desc()).limit(1)
        last_old = (await self.session.execute(query)).scalar_one_or_none()
        if last_old is None:
            return 0
        result = await self.session.execute(
            delete(AuditEntry)
            .where(AuditEntry.sequence <= last_old.sequence)
            .execution_options(synchronize_session=False)
        )
        head.pruned_through, head.pruned_hash = last_old.sequence, last_old.record_hash
        return int(getattr(result, "rowcount", 0) or 0)


def _log_recorded(entry: AuditEntry) -> None:
    log.info(
        "audit.recorded",
        sequence=entry.sequence,
        actor_id=entry.actor_id,
        actor_alias=entry.actor_alias,
        action=entry.action,
        conversation_id=str(entry.conversation_id) if entry.conversation_id else None,
        before_state=entry.before.get("state"),
        after_state=entry.after.get("state"),
    )


def as_chain_record(entry: AuditEntry) -> ChainRecord:
    return ChainRecord(entry.sequence, entry.content(), entry.previous_hash, entry.record_hash)


def head_point(head: AuditHead) -> ChainPoint:
    return ChainPoint(head.sequence, head.record_hash)


def anchor_point(head: AuditHead) -> ChainPoint:
    return ChainPoint(head.pruned_through, head.pruned_hash)
