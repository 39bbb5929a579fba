"""Migration 0011 (a conversation's local day, `opened_on`) on SQLite and PostgreSQL: it makes
what the model maps, undoes, and gives conversations from before it the day they opened on in
the configured zone, around midnight and both changes of daylight saving time (SQLite has no
time zones: the migration shifts by each stretch's offset, which St John's puts off the hour)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from alembic import command
from sqlalchemy import select

from peerline_notifications.cli import MIGRATIONS, VERSION_TABLE
from peerline_notifications.domain.reports import local_day
from peerline_notifications.models import metadata
from peerline_notifications.storage.models import Conversation
from peerline_shared.db import create_engine
from peerline_shared.migrations import alembic_config, upgrade_to_head
from peerline_testing.migrations import differences, down_and_up

from .test_correction_migration import migrated_url  # noqa: F401 - the fixture
from .test_report_migration import BEFORE_0008

# UTC instants and the Kyiv day each opened on (UTC+2 in winter, UTC+3 from 29 March 01:00 UTC
# to 25 October 01:00 UTC).
KYIV_DAYS = {
    datetime(2026, 3, 28, 21, 59, 59, tzinfo=UTC): date(2026, 3, 28),
    datetime(2026, 3, 28, 22, 0, tzinfo=UTC): date(2026, 3, 29),
    datetime(2026, 3, 29, 20, 59, 59, tzinfo=UTC): date(2026, 3, 29),
    datetime(2026, 3, 29, 21, 0, tzinfo=UTC): date(2026, 3, 30),
    datetime(2026, 10, 24, 21, 0, tzinfo=UTC): date(2026, 10, 25),
    datetime(2026, 10, 25, 21, 59, 59, tzinfo=UTC): date(2026, 10, 25),
    datetime(2026, 10, 25, 22, 0, tzinfo=UTC): date(2026, 10, 26),
}


async def _seed(url: str) -> dict[uuid.UUID, datetime]:
    opened = {uuid.uuid4(): at for at in KYIV_DAYS}
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            for conversation_id, at in opened.items():
                await connection.execute(BEFORE_0008.insert().values(
                    id=conversation_id, client_id=None, channel="web", lang="uk", state="closed",
                    urgency="normal", version=0, escalation_level=0, sla_breached=False, topics=[],
                    signals=[], outcomes=[], offered_to=[], created_at=at, waiting_since=at, updated_at=at))
    finally:
        await engine.dispose()
    return opened


async def _days(url: str) -> dict[uuid.UUID, date]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(select(Conversation.id, Conversation.opened_on))
            return {conversation_id: day for conversation_id, day in rows.all()}
    finally:
        await engine.dispose()


@pytest.mark.parametrize("zone", ["Europe/Kyiv", "America/St_Johns"])
async def test_old_conversations_get_their_local_day(
    migrated_url: str, zone: str, monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    monkeypatch.setenv("PEERLINE_NOTIFICATIONS_REPORT_TIME_ZONE", zone)
    config = alembic_config(MIGRATIONS, migrated_url, VERSION_TABLE)
    await asyncio.to_thread(command.downgrade, config, "0010")
    opened = await _seed(migrated_url)
    await asyncio.to_thread(upgrade_to_head, MIGRATIONS, migrated_url, VERSION_TABLE)

    days = await _days(migrated_url)
    assert days == {conversation_id: local_day(at, ZoneInfo(zone)) for conversation_id, at in opened.items()}
    if zone == "Europe/Kyiv":
        assert sorted(days.values()) == sorted(KYIV_DAYS.values())  # the table above, by hand
    assert await differences(migrated_url, metadata, lambda diff: "opened_on" in diff) == []
    await down_and_up(MIGRATIONS, migrated_url, VERSION_TABLE)
    assert await differences(migrated_url, metadata, lambda diff: "opened_on" in diff) == []
