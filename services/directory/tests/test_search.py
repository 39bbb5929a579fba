"""Full-text search of help services on SQLite FTS5 and (if reachable) PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest
import pytest_asyncio
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from peerline_directory.cli_support import MIGRATIONS, VERSION_TABLE
from peerline_directory.domain.helpservices import HelpServiceRecord
from peerline_directory.helpservices import service
from peerline_directory.helpservices.repository import HelpServiceRepository
from peerline_shared.db import create_engine, session_factory, unit_of_work
from peerline_shared.events import SearchHelpServices, utc_now
from peerline_shared.migrations import upgrade_to_head
from peerline_testing.migrations import fresh_database

pytestmark = pytest.mark.integration
TODAY = date(2026, 11, 22)
Sessions = async_sessionmaker[AsyncSession]

ENTRIES = [
    {"name": "Программа заместительной терапии", "kinds": ["ost"], "country": "UA", "city": "Одеса",
     "languages": ["ru"], "notes": "Метадон и бупренорфин.", "last_verified": "2026-09-01"},
    {"name": "Центр ЗПТ і тестування на ВІЛ", "kinds": ["ost", "hiv"], "country": "UA", "city": "Київ",
     "languages": ["uk"], "notes": "Приймає переселенців без документів.", "last_verified": "2026-02-01"},
    {"name": "Юридична допомога", "kinds": ["legal"], "country": "UA", "city": "Київ",
     "languages": ["uk", "ru"], "notes": "Консультації щодо затримання поліцією."},
    {"name": "OST clinic Warsaw", "kinds": ["ost"], "country": "PL", "city": "Warsaw",
     "languages": ["pl", "en", "uk"], "notes": "Accepts Ukrainians, take-home doses possible.",
     "last_verified": "2026-10-01"},
    {"name": "Нічліжка", "kinds": ["shelter", "food"], "country": "UA", "city": "київ",
     "languages": ["uk"], "notes": "Притулок на ніч; їжа."},
]


async def _prepare(sessions: Sessions) -> None:
    records = [HelpServiceRecord.model_validate(e) for e in ENTRIES]
    async with unit_of_work(sessions) as session:
        await service.import_records(HelpServiceRepository(session), records, utc_now())


@pytest_asyncio.fixture(params=["sqlite", "postgresql"])
async def filled(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Sessions]:
    async with fresh_database(request.param, tmp_path) as url:
        await asyncio.to_thread(upgrade_to_head, MIGRATIONS, url, VERSION_TABLE)
        engine = create_engine(url)
        sessions = session_factory(engine)
        await _prepare(sessions)
        yield sessions
        await engine.dispose()


async def search(sessions: Sessions, **query: object) -> list[str]:
    async with sessions() as session:
        found = await service.search(HelpServiceRepository(session),
                                     SearchHelpServices.model_validate(query), TODAY)
    return [item.name for item in found.items]


async def test_ukrainian_query_finds_a_russian_entry_by_its_kind(filled: Sessions) -> None:
    names = await search(filled, text="замісна терапія", lang="ru")
    assert names == ["Программа заместительной терапии"]
    assert "Программа заместительной терапии" in await search(filled, text="ЗПТ")


async def test_more_matching_words_rank_higher(filled: Sessions) -> None:
    names = await search(filled, text="ЗПТ ВІЛ без документів")
    assert names[0] == "Центр ЗПТ і тестування на ВІЛ"
    assert set(names) >= {"Программа заместительной терапии", "OST clinic Warsaw"}


async def test_filters(filled: Sessions) -> None:
    assert await search(filled, kind="ost", country="PL") == ["OST clinic Warsaw"]
    assert set(await search(filled, city="КИЇВ")) == {
        "Центр ЗПТ і тестування на ВІЛ", "Юридична допомога", "Нічліжка"}
    assert await search(filled, text="притулок", city="Київ") == ["Нічліжка"]
    assert await search(filled, text="поліція", lang="en") == []
    assert await search(filled, text="ось-такого-немає") == []


async def test_stale_entries_are_flagged(filled: Sessions) -> None:
    async with filled() as session:
        found = await service.search(HelpServiceRepository(session),
                                     SearchHelpServices(kind="ost", limit=10), TODAY)
    stale = {item.name: item.stale for item in found.items}
    assert stale == {"Программа заместительной терапии": False, "OST clinic Warsaw": False,
                     "Центр ЗПТ і тестування на ВІЛ": True}
