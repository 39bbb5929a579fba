"""Publishing what the outbox holds: at once after commit, and later for anything a crash left.

Every event keeps the `event_id` it was stored with, so a second publish of the same row (a
sweep racing the fast path, or a restart) is dropped by JetStream's duplicate window."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, bindparam, delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from peerline_notifications.db import Core
from peerline_notifications.outbox.models import OutboxEvent
from peerline_shared.bus import Encoded, EncodedPublisher, publish_encoded
from peerline_shared.db import unit_of_work
from peerline_shared.events import EventBase, decode_as_written, encode
from peerline_shared.logging import get_logger

log = get_logger()
_OUTBOX = OutboxEvent.__table__
# Built once (their cache keys are computed once), on the table: Core, no ORM bulk layer.
_INSERT_OUTBOX = insert(_OUTBOX)
_DELETE_SENT = delete(_OUTBOX).where(_OUTBOX.c.event_id.in_(bindparam("sent", expanding=True)))
Publication = tuple[EventBase, str]


class OutboxRepository:
    def __init__(self, core: Core) -> None:
        self.core = core

    async def create_many(self, publications: Sequence[Publication], at: datetime) -> list[Encoded]:
        """One INSERT for a transaction's events (executemany), not one ORM object each.
        Returns them encoded: the row's payload is the message's body, serialised once."""
        if not publications:
            return []
        encoded = [(event, subject, encode(event)) for event, subject in publications]  # the bus's bytes
        rows = [
            {"event_id": str(event.event_id), "subject": subject, "event_type": event.type,
             "payload": body.decode(), "created_at": at}
            for event, subject, body in encoded
        ]
        await self.core.execute(_INSERT_OUTBOX, rows)
        return encoded

    async def list_pending(self, *, created_before: datetime, limit: int = 200) -> Sequence[Row[Any]]:
        """The oldest rows, as Core rows (`subject`, `payload`, …)."""
        query = select(_OUTBOX).where(_OUTBOX.c.created_at < created_before)
        return (await self.core.execute(query.order_by(_OUTBOX.c.id).limit(limit))).all()

    async def delete_sent(self, event_ids: Sequence[str]) -> None:
        await self.core.execute(_DELETE_SENT, {"sent": list(event_ids)})


class OutboxRelay:
    """Publishes outbox rows, then forgets them: the sweep (every `outbox_relay_s`, 1 s) deletes
    in one statement every row JetStream has stored since its last run, instead of a DELETE in
    each write transaction (one statement of eight in a batch of one). A row whose DELETE a
    crash lost is published again by the sweep with the same event id, which JetStream's
    duplicate window drops (a restart takes far less than its 2 minutes)."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], publisher: EncodedPublisher, writes: asyncio.Lock
    ) -> None:
        self.sessions = sessions
        self.publisher = publisher
        self.writes = writes
        self.published: list[str] = []
        self._lock = asyncio.Lock()

    async def deliver(self, publications: Sequence[Encoded]) -> None:
        """Publish all at once through the bus's one batch publish (`publish_encoded`: in order
        on one connection, the stream's acks awaited together), each body as the outbox row
        holds it. If any was not stored, all stay in the outbox for the sweep: those JetStream
        did store are dropped there as duplicates (the same event ids, within the duplicate
        window)."""
        if not publications:
            return
        try:
            await publish_encoded(self.publisher, publications)
        except Exception as error:
            log.warning("outbox.publish_deferred", error_type=type(error).__name__,
                        pending_count=len(publications))
            return
        self.published.extend(str(event.event_id) for event, _, _ in publications)

    async def forget_published(self, session: AsyncSession) -> None:
        """Inside the sweep's write transaction: delete the rows JetStream has stored. Should
        that commit fail, the next sweep publishes them once more (dropped as duplicates) and
        deletes them then."""
        forgotten, self.published = self.published, []
        if forgotten:
            await OutboxRepository(session).delete_sent(forgotten)

    async def forget_sent_now(self) -> None:
        """Delete at once the rows JetStream has stored, as the next sweep would: an erasure
        calls it before it checkpoints SQLite, or a reply's copy in a row deleted only after
        the checkpoint would stay in the database file until the next one."""
        if not self.published:
            return
        async with self._lock, self.writes, unit_of_work(self.sessions) as session:
            await self.forget_published(session)

    async def sweep(self, created_before: datetime) -> int:
        """Forget what was stored; publish rows a crash or an outage left behind; returns how
        many were sent."""
        async with self._lock:
            async with self.writes, unit_of_work(self.sessions) as session:
                await self.forget_published(session)
                rows = await OutboxRepository(session).list_pending(created_before=created_before)
                pending = [_as_stored(row) for row in rows]
            if pending:
                log.info("outbox.sweep", pending_count=len(pending))
                await self.deliver(pending)
            return len(pending)


def _as_stored(row: Row[Any]) -> Encoded:
    """An outbox row ready to publish again: its body as stored, its event read by the (type,
    schema_version) it was written with (for the headers)."""
    body = row.payload.encode()
    return decode_as_written(body), row.subject, body
