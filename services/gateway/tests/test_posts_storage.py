"""Channel posts' tables on SQLite and PostgreSQL: the migration creates what the models map,
concurrent audit writers keep one intact chain, and concurrent publishers claim a delivery once."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
import pytest_asyncio
from sqlalchemy.ext.asyncio import AsyncSession

from peerline_gateway.cli import MIGRATIONS, VERSION_TABLE
from peerline_gateway.models import metadata
from peerline_gateway.posts import audit
from peerline_gateway.posts.models import Post, PostDelivery, TelegramChannel
from peerline_gateway.posts.repository import PostRepository
from peerline_shared.db import create_engine, session_factory, unit_of_work
from peerline_shared.events import utc_now
from peerline_shared.migrations import upgrade_to_head
from peerline_testing.migrations import differences, fresh_database

TABLES = ("gateway_channel", "gateway_post", "gateway_post_delivery", "gateway_content_audit")  # and _head


@pytest_asyncio.fixture(params=["sqlite", "postgresql"])
async def migrated_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    async with fresh_database(request.param, tmp_path) as url:
        await asyncio.to_thread(upgrade_to_head, MIGRATIONS, url, VERSION_TABLE)
        yield url


async def test_the_migration_creates_what_the_models_map(migrated_url: str) -> None:
    assert await differences(migrated_url, metadata, lambda diff: any(name in diff for name in TABLES)) == []


async def test_concurrent_audit_writers_keep_one_intact_chain(migrated_url: str) -> None:
    engine = create_engine(migrated_url)
    sessions = session_factory(engine)

    async def write(number: int) -> None:
        async def one(session: AsyncSession) -> None:
            await audit.record(session, actor_id=f"a{number}", actor_alias="A", action="post.created")

        await audit.audited(sessions, one)

    try:
        await asyncio.gather(*(write(number) for number in range(8)))
        async with sessions() as session:
            entries = await audit.list_entries(session)
            assert sorted(entry.actor_id for entry in entries) == [f"a{n}" for n in range(8)]
            assert await audit.verify(session) == (8, [])
            entries[3].detail = {"changed": True}  # a record altered afterwards shows
            await session.flush()
            _, problems = await audit.verify(session)
            assert [(p.sequence, p.kind) for p in problems] == [(entries[3].sequence, "edited")]
    finally:
        await engine.dispose()


async def test_two_publishers_claim_a_due_delivery_once(migrated_url: str) -> None:
    engine = create_engine(migrated_url)
    sessions = session_factory(engine)
    now, someone = utc_now(), uuid.uuid4()
    channel = TelegramChannel(id=uuid.uuid4(), chat_id="@peerline", title="P", added_by=someone, added_at=now)
    post = Post(
        id=uuid.uuid4(),
        lang="uk",
        title="",
        text="x",
        state="scheduled",
        publish_at=now,
        created_by=someone,
        updated_by=someone,
        updated_at=now,
    )
    delivery = PostDelivery(
        id=uuid.uuid4(), post_id=post.id, channel_id=channel.id, state="pending", due_at=now
    )
    try:
        async with unit_of_work(sessions) as session:
            session.add_all([channel, post])
            await session.flush()
            session.add(delivery)

        async def claim() -> bool:
            async with unit_of_work(sessions) as session:
                return await PostRepository(session).claim(
                    delivery_id=delivery.id,
                    now=now + timedelta(seconds=1),
                    stale_before=now - timedelta(minutes=1),
                )

        assert sorted(await asyncio.gather(*(claim() for _ in range(6)))) == [False] * 5 + [True]
    finally:
        await engine.dispose()
