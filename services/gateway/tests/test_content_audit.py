"""The content audit of channel posts is a chain with a head row, on SQLite and PostgreSQL:
migration 0005 chains again the records 0004 wrote (and says so in the chain when it found them
already broken), and an edited, deleted, moved or last record removed is named."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import JSON, Integer, String, Uuid, column, select, table, text

from peerline_gateway.cli import MIGRATIONS, VERSION_TABLE
from peerline_gateway.posts import audit
from peerline_gateway.posts.models import ContentAuditEntry, ContentAuditHead
from peerline_shared.audit_chain import GENESIS_HASH, record_hash
from peerline_shared.db import UtcDateTime, create_engine, session_factory, unit_of_work
from peerline_shared.migrations import alembic_config, upgrade_to_head
from peerline_testing.migrations import down_and_up, fresh_database

from .test_posts_storage import migrated_url  # noqa: F401  (the SQLite and PostgreSQL fixture)

AUDIT_0004 = table(
    "gateway_content_audit",
    *(column(name, Integer) for name in ("sequence", "previous")),
    column("at", UtcDateTime),
    *(column(name, String) for name in ("actor_id", "actor_alias", "action", "record_hash")),
    column("post_id", Uuid),
    column("detail", JSON),
)
POST = uuid.UUID(int=7)


def _written_by_0004(details: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows as 0004's code wrote them: its hash left out the sequence and the alias."""
    rows, previous_hash = [], GENESIS_HASH
    for sequence, detail in enumerate(details, start=1):
        row = {"sequence": sequence, "previous": sequence - 1, "at": datetime(2026, 12, sequence, tzinfo=UTC),
               "actor_id": "a1", "actor_alias": "Anna", "action": "post.edited", "post_id": POST,
               "detail": detail}
        content = {key: row[key] for key in ("at", "actor_id", "action", "post_id", "detail")}
        previous_hash = row["record_hash"] = record_hash(previous_hash, content)
        rows.append(row)
    return rows


async def _migrated_from_0004(url: str, rows: list[dict[str, Any]]) -> None:
    await asyncio.to_thread(command.upgrade, alembic_config(MIGRATIONS, url, VERSION_TABLE), "0004")
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(AUDIT_0004.insert(), rows)
    finally:
        await engine.dispose()
    await asyncio.to_thread(upgrade_to_head, MIGRATIONS, url, VERSION_TABLE)


async def _verified(url: str) -> tuple[list[ContentAuditEntry], list[tuple[int, str]]]:
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            entries = list((await session.execute(select(ContentAuditEntry).order_by("sequence"))).scalars())
            _, problems = await audit.verify(session)
    finally:
        await engine.dispose()
    return entries, [(problem.sequence, problem.kind) for problem in problems]


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
async def test_records_of_0004_are_chained_again_and_new_ones_follow(kind: str, tmp_path: Path) -> None:
    async with fresh_database(kind, tmp_path) as url:
        await _migrated_from_0004(url, _written_by_0004([{"n": 1}, {"n": 2}, {"n": 3}]))
        entries, problems = await _verified(url)
        assert [entry.detail for entry in entries] == [{"n": 1}, {"n": 2}, {"n": 3}] and problems == []
        engine = create_engine(url)
        try:
            async with unit_of_work(session_factory(engine)) as session:
                await audit.record(session, actor_id="a2", actor_alias="Borys", action="post.deleted")
            async with session_factory(engine)() as session:
                head = await session.get(ContentAuditHead, 1)
                assert head is not None and head.sequence == 4
        finally:
            await engine.dispose()
        entries, problems = await _verified(url)
        assert (len(entries), problems) == (4, [])
        assert head.record_hash == entries[-1].record_hash
        await down_and_up(MIGRATIONS, url, VERSION_TABLE)  # 0004's form again, then 0005's
        assert (await _verified(url))[1] == []


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
async def test_a_chain_0004_left_broken_says_so_in_the_new_chain(kind: str, tmp_path: Path) -> None:
    rows = _written_by_0004([{"n": 1}, {"n": 2}, {"n": 3}])
    rows[1]["detail"] = {"n": 20}  # edited after it was written: 0004's hash no longer matches
    async with fresh_database(kind, tmp_path) as url:
        await _migrated_from_0004(url, rows)
        entries, problems = await _verified(url)
    assert problems == []
    assert [(entry.action, entry.detail) for entry in entries[2:]] == [
        ("post.edited", {"n": 3}), ("audit.rehashed", {"chain_broken_at": 2})
    ]


TAMPERING = {
    "edited": (["UPDATE gateway_content_audit SET actor_alias = 'Mal' WHERE sequence = 2"], [(2, "edited")]),
    "deleted": (["DELETE FROM gateway_content_audit WHERE sequence = 3"], [(4, "deleted")]),
    "reordered": (
        [f"UPDATE gateway_content_audit SET sequence = {to} WHERE sequence = {was}"
         for was, to in ((2, -2), (3, 2), (-2, 3))],
        [(2, "reordered"), (3, "reordered")],
    ),
    "deleted_at_the_end": (["DELETE FROM gateway_content_audit WHERE sequence = 5"], [(5, "deleted")]),
}


@pytest.mark.parametrize("tampering", TAMPERING)
async def test_tampering_with_the_content_audit_is_named(migrated_url: str, tampering: str) -> None:  # noqa: F811
    statements, named = TAMPERING[tampering]
    engine = create_engine(migrated_url)
    try:
        for number in range(5):
            async with unit_of_work(session_factory(engine)) as session:
                await audit.record(session, actor_id=f"a{number}", actor_alias="Anna", action="post.created")
        assert (await _verified(migrated_url))[1] == []
        async with engine.begin() as connection:
            for statement in statements:
                await connection.execute(text(statement))
    finally:
        await engine.dispose()
    assert (await _verified(migrated_url))[1] == named
