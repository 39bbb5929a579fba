"""Queries on pending consultant notices; nobody else writes this SQL."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import bindparam, delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from peerline_notifications.db import Core
from peerline_notifications.domain.notices import Notice
from peerline_notifications.notices.models import PendingNotice

BATCH_LIMIT = 5000
_NOTICES = PendingNotice.__table__
# Built once (their cache keys are computed once), on the table: Core rows, no ORM objects.
_INSERT_NOTICES = insert(_NOTICES)
_OLDEST = select(
    _NOTICES.c.id, _NOTICES.c.consultant_ids, _NOTICES.c.kind, _NOTICES.c.conversation_id,
    _NOTICES.c.urgency, _NOTICES.c.topics, _NOTICES.c.lang, _NOTICES.c.waiting_since,
).order_by(_NOTICES.c.id).limit(BATCH_LIMIT)
_DELETE_TAKEN = delete(_NOTICES).where(_NOTICES.c.id.in_(bindparam("taken", expanding=True)))


class NoticeRepository:
    def __init__(self, session: AsyncSession, core: Core | None = None) -> None:
        self.session = session
        self.core: Core = core if core is not None else session

    async def create_many(self, notices: Sequence[Notice], at: datetime) -> None:
        """One INSERT for all (executemany), in the caller's transaction."""
        if not notices:
            return
        rows = [
            {
                "consultant_ids": [str(consultant_id) for consultant_id in notice.consultant_ids],
                "kind": notice.kind,
                "conversation_id": notice.conversation_id,
                "urgency": notice.urgency,
                "topics": list(notice.topics),
                "lang": notice.lang,
                "waiting_since": notice.waiting_since,
                "created_at": at,
            }
            for notice in notices
        ]
        await self.core.execute(_INSERT_NOTICES, rows)  # Core: no ORM bulk layer

    async def any_pending(self) -> bool:
        query = select(PendingNotice.id).limit(1)
        return (await self.session.execute(query)).first() is not None

    async def take_all(self) -> list[Notice]:
        """The oldest pending notices, deleted in this transaction: they leave the table in the
        same commit that puts their batch in the outbox."""
        rows = (await self.core.execute(_OLDEST)).all()  # every notice of a busy second: rows, not objects
        if not rows:
            return []
        await self.core.execute(_DELETE_TAKEN, {"taken": [row.id for row in rows]})
        return [
            Notice(tuple(map(uuid.UUID, row.consultant_ids)), row.kind, row.conversation_id, row.urgency,
                   tuple(row.topics or ()), row.lang, row.waiting_since)
            for row in rows
        ]
