"""Migration 0010 (a pending notice's topics, language and waiting time) on SQLite and
PostgreSQL: it makes what the model maps, a notice queued before it still batches (without
them), and one queued after it keeps them."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

from alembic import command
from sqlalchemy import JSON, Uuid, column, table

from peerline_notifications.cli import MIGRATIONS, VERSION_TABLE
from peerline_notifications.domain.notices import Notice
from peerline_notifications.models import metadata
from peerline_notifications.notices.repository import NoticeRepository
from peerline_shared.db import UtcDateTime, create_engine, session_factory, unit_of_work
from peerline_shared.migrations import alembic_config, upgrade_to_head
from peerline_testing.migrations import differences, down_and_up

from .conftest import T0
from .test_correction_migration import migrated_url  # noqa: F401 - the fixture

NEW = ("notifications_pending_notice",)

# The table as 0009 left it (the model's insert would name the new columns).
BEFORE_0010 = table(
    "notifications_pending_notice",
    column("consultant_ids", JSON),
    column("kind"),
    column("conversation_id", Uuid),
    column("urgency"),
    column("created_at", UtcDateTime),
)


async def test_old_notices_batch_without_topics_new_ones_keep_them(migrated_url: str) -> None:  # noqa: F811
    config = alembic_config(MIGRATIONS, migrated_url, VERSION_TABLE)
    await asyncio.to_thread(command.downgrade, config, "0009")
    olena, old_conversation, new_conversation = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    engine = create_engine(migrated_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(BEFORE_0010.insert().values(
                consultant_ids=[str(olena)], kind="new_conversation", conversation_id=old_conversation,
                urgency="normal", created_at=T0))
        await asyncio.to_thread(upgrade_to_head, MIGRATIONS, migrated_url, VERSION_TABLE)
        assert await differences(migrated_url, metadata, lambda diff: any(n in diff for n in NEW)) == []

        sessions = session_factory(engine)
        waiting = T0 - timedelta(minutes=3)
        fresh = Notice((olena,), "new_conversation", new_conversation, "high", ("ost", "hiv"), "ru", waiting)
        async with unit_of_work(sessions) as session:
            await NoticeRepository(session).create_many([fresh], T0)
        async with unit_of_work(sessions) as session:
            taken = await NoticeRepository(session).take_all()
    finally:
        await engine.dispose()
    assert taken == [
        Notice((olena,), "new_conversation", old_conversation, "normal"),
        fresh,
    ]
    await down_and_up(MIGRATIONS, migrated_url, VERSION_TABLE)
    assert await differences(migrated_url, metadata, lambda diff: any(n in diff for n in NEW)) == []
