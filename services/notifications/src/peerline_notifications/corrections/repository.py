"""Queries on triage corrections; nobody else writes this SQL."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import cast

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from peerline_notifications.corrections.models import TriageCorrection
from peerline_notifications.storage.models import Conversation
from peerline_shared.events import Urgency


class CorrectionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def add(self, correction: TriageCorrection) -> None:
        self.session.add(correction)

    async def list_latest_page(self, *, after_id: int, limit: int) -> Sequence[TriageCorrection]:
        """Each conversation's latest correction (it supersedes earlier ones), oldest first."""
        latest = select(func.max(TriageCorrection.id)).group_by(TriageCorrection.conversation_id)
        query = (
            select(TriageCorrection)
            .where(TriageCorrection.id.in_(latest), TriageCorrection.id > after_id)
            .order_by(TriageCorrection.id)
            .limit(limit)
        )
        return (await self.session.execute(query)).scalars().all()

    async def count_opened_by_urgency(self, *, since: datetime, until: datetime) -> dict[Urgency, int]:
        """Conversations opened in [since, until), by their urgency today."""
        query = (
            select(Conversation.urgency, func.count())
            .where(Conversation.created_at >= since, Conversation.created_at < until)
            .group_by(Conversation.urgency)
        )
        return {cast(Urgency, urgency): int(count) for urgency, count in await self.session.execute(query)}

    async def list_for_conversations_opened(
        self, *, since: datetime, until: datetime
    ) -> list[tuple[TriageCorrection, Urgency]]:
        """Corrections of the conversations opened in [since, until), oldest first, each with
        its conversation's urgency today."""
        query = (
            select(TriageCorrection, Conversation.urgency)
            .join(Conversation, Conversation.id == TriageCorrection.conversation_id)
            .where(Conversation.created_at >= since, Conversation.created_at < until)
            .order_by(TriageCorrection.id)
        )
        return [(row[0], cast(Urgency, row[1])) for row in await self.session.execute(query)]

    async def forget_texts_of(self, conversation_ids: Sequence[uuid.UUID]) -> int:
        """Erasure: the client's words go; the labels stay for the supervisor's figure."""
        result = await self.session.execute(
            update(TriageCorrection)
            .where(TriageCorrection.conversation_id.in_(conversation_ids))
            .values(texts=None)
            .execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def purge_texts_before(self, cutoff: datetime) -> int:
        """Retention: corrections keep text no longer than the messages they copied it from."""
        result = await self.session.execute(
            update(TriageCorrection)
            .where(TriageCorrection.corrected_at < cutoff, TriageCorrection.texts.is_not(None))
            .values(texts=None)
            .execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0) or 0)
