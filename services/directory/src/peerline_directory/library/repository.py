"""Queries over self-help articles (nobody else writes SQL for them)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from peerline_directory.library.models import Article


@dataclass
class ArticleRepository:
    session: AsyncSession

    @classmethod
    def from_session(cls, session: AsyncSession) -> ArticleRepository:
        return cls(session)

    async def get(self, article_id: uuid.UUID) -> Article | None:
        return await self.session.get(Article, article_id)

    async def count(self) -> int:
        return int((await self.session.execute(select(func.count()).select_from(Article))).scalar_one())

    async def list_(
        self, *, lang: str | None = None, country: str | None = None, words: Sequence[str] = (),
        limit: int = 100,
    ) -> Sequence[Article]:
        """In `lang`; for `country` or for everywhere; containing every word (casefolded)."""
        query = select(Article).order_by(Article.lang, Article.title).limit(limit)
        if lang is not None:
            query = query.where(Article.lang == lang)
        if country is not None:
            query = query.where(or_(Article.country.is_(None), Article.country == country))
        for word in words:
            query = query.where(Article.search_text.contains(word, autoescape=True))
        return (await self.session.execute(query)).scalars().all()

    async def add(self, article: Article) -> None:
        self.session.add(article)
        await self.session.flush()

    async def delete(self, article: Article) -> None:
        await self.session.delete(article)
        await self.session.flush()
