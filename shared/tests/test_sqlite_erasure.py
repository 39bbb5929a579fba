"""Erased rows leave a SQLite database's files: secure_delete zeroes them in the database,
and `truncate_wal` removes their earlier copies from the write-ahead log."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest_asyncio
from sqlalchemy import Integer, String, delete, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm import Mapped, mapped_column

from peerline_shared.db import create_engine, make_base, session_factory, truncate_wal, unit_of_work

Base = make_base("erasure")
SECRET = "синій олівець на підвіконні"


class Note(Base):
    __tablename__ = "erasure_note"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    body: Mapped[str] = mapped_column(String(200))


@pytest_asyncio.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'notes.sqlite'}")
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.create_all)
    yield engine
    await engine.dispose()


def _on_disk(folder: Path) -> bytes:
    return b"".join(path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file())


async def _write_then_erase(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with unit_of_work(sessions) as session:
        await session.execute(insert(Note), [{"body": f"{SECRET} {n}"} for n in range(300)])
    async with unit_of_work(sessions) as session:
        await session.execute(insert(Note), [{"body": f"kept {n}"} for n in range(10)])
        await session.execute(delete(Note).where(Note.body.like(f"{SECRET}%")))


async def test_erased_text_is_in_no_file_after_the_wal_is_truncated(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    sessions = session_factory(engine)
    await _write_then_erase(sessions)
    assert SECRET.encode() in _on_disk(tmp_path)  # the write-ahead log still holds the inserts
    assert await truncate_wal(sessions)
    assert (tmp_path / "notes.sqlite-wal").stat().st_size == 0
    assert SECRET.encode() not in _on_disk(tmp_path)
    async with sessions() as session:
        assert len((await session.execute(select(Note))).all()) == 10  # the rest is intact
