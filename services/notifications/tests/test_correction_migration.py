"""Migration 0003 on SQLite and PostgreSQL: the table it creates is the one the model maps,
and a correction with its texts (and without, once forgotten) round-trips through it."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from sqlalchemy import select

from peerline_notifications.cli import MIGRATIONS, VERSION_TABLE
from peerline_notifications.corrections.models import TriageCorrection
from peerline_notifications.corrections.repository import CorrectionRepository
from peerline_notifications.models import metadata
from peerline_notifications.storage.models import Conversation
from peerline_shared.db import create_engine, session_factory, unit_of_work
from peerline_shared.migrations import upgrade_to_head
from peerline_testing.migrations import differences, fresh_database

from .conftest import T0

CHANGED = ("triage_correction", "triage_corrected_at", "created_at")
"""What this migration adds: the schema differences it must leave none of."""


@pytest_asyncio.fixture(params=["sqlite", "postgresql"])
async def migrated_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    async with fresh_database(request.param, tmp_path) as url:
        await asyncio.to_thread(upgrade_to_head, MIGRATIONS, url, VERSION_TABLE)
        yield url


async def test_the_migration_creates_what_the_model_maps(migrated_url: str) -> None:
    engine = create_engine(migrated_url)
    try:
        assert await differences(migrated_url, metadata, lambda diff: any(n in diff for n in CHANGED)) == []
        sessions = session_factory(engine)
        conversation_id = uuid.uuid4()
        async with unit_of_work(sessions) as session:
            session.add(
                Conversation(
                    id=conversation_id, client_id=None, channel="web", lang="ru", state="queued",
                    urgency="normal", topics=["ost"], signals=[], outcomes=[], version=0,
                    created_at=T0, opened_on=T0.date(), waiting_since=T0, updated_at=T0, escalation_level=0,
                    offered_to=[], sla_breached=False,
                )
            )
            await session.flush()
            CorrectionRepository(session).add(
                TriageCorrection(
                    conversation_id=conversation_id, corrected_at=T0, consultant_id="c1",
                    consultant_alias="Olena", lang="ru", triaged_urgency="normal", triaged_topics=["ost"],
                    urgency="high", topics=["ost", "legal"], texts=["метадон кончается завтра"],
                )
            )
        async with unit_of_work(sessions) as session:
            assert await CorrectionRepository(session).forget_texts_of([uuid.uuid4()]) == 0
            page = await CorrectionRepository(session).list_latest_page(after_id=0, limit=10)
            kept = [(row.texts, row.topics) for row in page]
            assert kept == [(["метадон кончается завтра"], ["ost", "legal"])]
            assert await CorrectionRepository(session).purge_texts_before(T0) == 0
            assert await CorrectionRepository(session).forget_texts_of([conversation_id]) == 1
        async with sessions() as session:
            stored = (await session.execute(select(TriageCorrection))).scalar_one()
            assert stored.texts is None
            assert await CorrectionRepository(session).purge_texts_before(T0) == 0  # already forgotten
    finally:
        await engine.dispose()
