"""`peerline audit verify` against a live database (SQLite file and PostgreSQL, migrated):
while another thread keeps appending records, no check reports a problem, and a record edited
by hand is still the only one named. Before the check read its head and records in one
snapshot, a record committed between the two reads showed as tampering."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
import pytest_asyncio
from sqlalchemy import update

from peerline_notifications.audit.models import AuditEntry
from peerline_notifications.audit.repository import AuditRepository
from peerline_notifications.audit.verify import verify_stored_chain
from peerline_notifications.cli import MIGRATIONS, VERSION_TABLE
from peerline_notifications.db import serialise_sqlite_writes
from peerline_shared.db import create_engine, session_factory, unit_of_work
from peerline_shared.events import utc_now
from peerline_shared.migrations import upgrade_to_head
from peerline_testing.audit_race import append_then_edit, verify_while_appending
from peerline_testing.migrations import fresh_database

CHECKS = 150
EDITED_3 = "record 3: edited: its content does not match its hash"


@pytest_asyncio.fixture(params=["sqlite", "postgresql"])
async def migrated_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    async with fresh_database(request.param, tmp_path) as url:
        await asyncio.to_thread(upgrade_to_head, MIGRATIONS, url, VERSION_TABLE)
        yield url


@asynccontextmanager
async def appender(url: str) -> AsyncIterator[Callable[[], Awaitable[None]]]:
    """One record per transaction, as the service appends them (the head locked last)."""
    engine = create_engine(url)
    serialise_sqlite_writes(engine)
    sessions = session_factory(engine)

    async def append_one() -> None:
        async with unit_of_work(sessions) as session:
            audit = AuditRepository(session)
            await audit.append_system("sla.checked", None, utc_now())
            await audit.write_pending()

    try:
        yield append_one
    finally:
        await engine.dispose()


async def test_verify_reports_nothing_while_records_are_appended(migrated_url: str) -> None:
    results, appended = await verify_while_appending(
        migrated_url, verify_stored_chain, appender, checks=CHECKS
    )
    assert appended > CHECKS  # the writer went on during the checks
    assert [problems for problems in results if problems] == []


async def test_an_edited_record_is_the_only_one_named_while_records_are_appended(migrated_url: str) -> None:
    edit = update(AuditEntry).where(AuditEntry.sequence == 3).values(action="closed")
    await append_then_edit(migrated_url, appender, 5, edit)
    results, _ = await verify_while_appending(
        migrated_url, verify_stored_chain, appender, checks=CHECKS // 3
    )
    assert {tuple(problems) for problems in results} == {(EDITED_3,)}
