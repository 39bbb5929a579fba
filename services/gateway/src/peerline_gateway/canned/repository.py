"""Queries for canned answers; nobody else writes SQL for them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from peerline_gateway.canned.models import CannedAnswer


class CannedRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def list_by_lang(self, *, lang: str | None) -> Sequence[CannedAnswer]:
        query = select(CannedAnswer).order_by(CannedAnswer.lang, CannedAnswer.title)
        if lang is not None:
            query = query.where(CannedAnswer.lang == lang)
        return (await self.session.execute(query)).scalars().all()

    async def get(self, *, answer_id: uuid.UUID) -> CannedAnswer | None:
        return await self.session.get(CannedAnswer, answer_id)

    def create(self, *, answer: CannedAnswer) -> None:
        self.session.add(answer)

    async def delete(self, *, answer: CannedAnswer) -> None:
        await self.session.delete(answer)
