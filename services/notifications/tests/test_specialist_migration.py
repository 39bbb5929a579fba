"""Migration 0005 on SQLite and PostgreSQL: the referral columns it adds are the ones the model
maps, and a referred conversation is found by its kind."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from peerline_notifications.models import metadata
from peerline_notifications.storage.models import Conversation
from peerline_shared.db import create_engine, session_factory, unit_of_work
from peerline_testing.migrations import differences

from .conftest import T0
from .test_correction_migration import migrated_url  # noqa: F401  (the SQLite and PostgreSQL fixture)

CHANGED = ("specialist_kind", "referred_at")
"""What this migration adds: the schema differences it must leave none of."""


async def test_the_migration_adds_what_the_model_maps(migrated_url: str) -> None:  # noqa: F811
    engine = create_engine(migrated_url)
    try:
        assert await differences(migrated_url, metadata, lambda diff: any(n in diff for n in CHANGED)) == []
        sessions = session_factory(engine)
        conversation_id = uuid.uuid4()
        async with unit_of_work(sessions) as session:
            session.add(
                Conversation(
                    id=conversation_id,
                    client_id=None,
                    channel="web",
                    lang="ru",
                    state="queued",
                    urgency="normal",
                    topics=["legal"],
                    signals=[],
                    outcomes=[],
                    version=0,
                    created_at=T0,
                    opened_on=T0.date(),
                    waiting_since=T0,
                    updated_at=T0,
                    escalation_level=0,
                    offered_to=[],
                    sla_breached=False,
                    specialist_kind="lawyer",
                    referred_at=T0,
                )
            )
        async with sessions() as session:
            found = await session.execute(
                select(Conversation.id, Conversation.referred_at).where(
                    Conversation.specialist_kind == "lawyer"
                )
            )
            assert found.all() == [(conversation_id, T0)]
    finally:
        await engine.dispose()
