"""Migration 0008 on SQLite and PostgreSQL: the columns it adds are the ones the model maps,
and conversations from before it get their returning mark, first-reply seconds and message
counts from what is stored."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

from alembic import command
from sqlalchemy import JSON, Uuid, column, select, table

from peerline_notifications.cli import MIGRATIONS, VERSION_TABLE
from peerline_notifications.models import metadata
from peerline_notifications.storage.models import Conversation, Message
from peerline_shared.db import UtcDateTime, create_engine, session_factory, unit_of_work
from peerline_shared.migrations import alembic_config, upgrade_to_head
from peerline_testing.migrations import differences

from .conftest import T0
from .test_correction_migration import migrated_url  # noqa: F401 - the fixture

NEW = (
    "returning_client",
    "first_aid_sent",
    "first_reply_s",
    "client_messages",
    "consultant_messages",
    "ix_notifications_audit_action_at",
)


# The conversation table as 0007 left it (the model's insert would name the new columns).
BEFORE_0008 = table(
    "notifications_conversation",
    column("id", Uuid),
    *(
        column(name)
        for name in (
            "client_id",
            "channel",
            "lang",
            "state",
            "urgency",
            "version",
            "escalation_level",
            "sla_breached",
        )
    ),
    *(column(name, JSON) for name in ("topics", "signals", "outcomes", "offered_to")),
    *(column(name, UtcDateTime) for name in ("created_at", "waiting_since", "updated_at")),
)


async def _seed_before(url: str) -> tuple[uuid.UUID, uuid.UUID]:
    first, again = uuid.uuid4(), uuid.uuid4()
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            for conversation_id, at in ((first, T0), (again, T0 + timedelta(days=3))):
                await connection.execute(
                    BEFORE_0008.insert().values(
                        id=conversation_id,
                        client_id="same-pseudonym",
                        channel="web",
                        lang="uk",
                        state="closed",
                        urgency="normal",
                        topics=["ost"],
                        signals=[],
                        outcomes=[],
                        version=0,
                        created_at=at,
                        waiting_since=at,
                        updated_at=at,
                        escalation_level=0,
                        offered_to=[],
                        sla_breached=False,
                    )
                )
            rows = [("client", 0), ("consultant", 75), ("client", 120), ("consultant", 200), ("note", 10)]
            for author, seconds in rows:
                await connection.execute(
                    Message.__table__.insert().values(
                        id=uuid.uuid4(),
                        conversation_id=first,
                        author=author,
                        author_alias=None,
                        text="x",
                        at=T0 + timedelta(seconds=seconds),
                    )
                )
    finally:
        await engine.dispose()
    return first, again


async def test_the_report_migration_maps_the_model_and_fills_old_conversations(migrated_url: str) -> None:  # noqa: F811
    config = alembic_config(MIGRATIONS, migrated_url, VERSION_TABLE)
    await asyncio.to_thread(command.downgrade, config, "0007")
    first, again = await _seed_before(migrated_url)
    await asyncio.to_thread(upgrade_to_head, MIGRATIONS, migrated_url, VERSION_TABLE)

    engine = create_engine(migrated_url)
    try:
        assert await differences(migrated_url, metadata, lambda diff: any(name in diff for name in NEW)) == []
        async with unit_of_work(session_factory(engine)) as session:
            kept = {c.id: c for c in (await session.execute(select(Conversation))).scalars()}
            messages = (await session.execute(select(Message))).scalars().all()
    finally:
        await engine.dispose()
    assert (kept[first].returning_client, kept[again].returning_client) == (False, True)
    assert (kept[first].first_reply_s, kept[again].first_reply_s) == (75, None)
    assert (kept[first].client_messages, kept[first].consultant_messages) == (2, 2)
    assert not kept[first].first_aid_sent  # never recorded before: unknown, so false
    assert len(messages) == 5  # SQLite: no table was recreated (its cascade would take the messages)
