"""Queries over help services, including full-text search on SQLite (FTS5) and PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Float, Select, column, delete, func, literal_column, select, table
from sqlalchemy.ext.asyncio import AsyncSession

from peerline_directory.domain.search_terms import QueryTerms, fts5_match, tsquery
from peerline_directory.helpservices.models import HelpService

FTS_TABLE = "directory_help_service_fts"
fts = table(FTS_TABLE, column("rowid"))


@dataclass(frozen=True)
class Filters:
    kind: str | None = None
    country: str | None = None
    city_key: str | None = None
    lang: str | None = None

    def clauses(self) -> list[ColumnElement[bool]]:
        clauses: list[ColumnElement[bool]] = []
        if self.kind:
            clauses.append(HelpService.kinds_key.contains(f",{self.kind},", autoescape=True))
        if self.country:
            clauses.append(HelpService.country == self.country.upper())
        if self.city_key:
            clauses.append(HelpService.city_key == self.city_key)
        if self.lang:
            clauses.append(HelpService.languages_key.contains(f",{self.lang},", autoescape=True))
        return clauses


@dataclass
class HelpServiceRepository:
    session: AsyncSession

    @classmethod
    def from_session(cls, session: AsyncSession) -> HelpServiceRepository:
        return cls(session)

    async def get(self, service_id: uuid.UUID) -> HelpService | None:
        return await self.session.get(HelpService, service_id)

    async def count(self) -> int:
        return int((await self.session.execute(select(func.count()).select_from(HelpService))).scalar_one())

    async def list_all(self) -> Sequence[HelpService]:
        query = select(HelpService).order_by(HelpService.country, HelpService.city, HelpService.name)
        return (await self.session.execute(query)).scalars().all()

    async def existing_ids(self, ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
        found: set[uuid.UUID] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            rows = await self.session.execute(select(HelpService.id).where(HelpService.id.in_(chunk)))
            found.update(rows.scalars())
        return found

    def add(self, service: HelpService) -> None:
        self.session.add(service)

    async def delete(self, service_id: uuid.UUID) -> bool:
        result = await self.session.execute(delete(HelpService).where(HelpService.id == service_id))
        return bool(getattr(result, "rowcount", 0))

    async def delete_all(self) -> None:
        await self.session.execute(delete(HelpService))

    async def search(self, terms: QueryTerms, filters: Filters,
                     limit: int) -> list[tuple[HelpService, float]]:
        """Best first, with a relevance score (higher is better); filters only if no words."""
        if terms.empty:
            return await self._browse(filters, limit)
        dialect = self.session.get_bind().dialect.name
        query = self._pg_search(terms) if dialect == "postgresql" else self._fts5_search(terms)
        rows = await self.session.execute(query.where(*filters.clauses()).limit(limit))
        return [(service, float(score)) for service, score in rows.all()]

    async def _browse(self, filters: Filters, limit: int) -> list[tuple[HelpService, float]]:
        query = (select(HelpService).where(*filters.clauses())
                 .order_by(HelpService.last_verified.desc().nulls_last(), HelpService.name)
                 .limit(limit))
        return [(service, 0.0) for service in (await self.session.execute(query)).scalars()]

    def _fts5_search(self, terms: QueryTerms) -> Select[HelpService, float]:
        # bm25() is lower for better matches; negate it so every backend sorts score descending.
        score = literal_column(f"-bm25({FTS_TABLE})", Float)
        return (select(HelpService, score)
                .join(fts, fts.c.rowid == literal_column("directory_help_service.rowid"))
                .where(literal_column(FTS_TABLE).op("MATCH")(fts5_match(terms)))
                .order_by(score.desc(), HelpService.name))

    def _pg_search(self, terms: QueryTerms) -> Select[HelpService, float]:
        # Same expression as the GIN index of migration 0002, so the index is used.
        vector = func.to_tsvector(literal_column("'simple'"), HelpService.search_text)
        query = func.to_tsquery(literal_column("'simple'"), tsquery(terms))
        score = func.ts_rank(vector, query, type_=Float)
        return (select(HelpService, score).where(vector.op("@@")(query))
                .order_by(score.desc(), HelpService.name))
