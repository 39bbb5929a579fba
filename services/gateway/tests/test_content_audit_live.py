"""`peerline gateway posts audit verify` (the content audit of channel posts, stored as every
chain with a head row is: `peerline_shared.audit_store`) against a live database, SQLite file
and PostgreSQL: while another thread keeps recording, no check reports a problem and an edited
record is the only one named; and the command says "intact" or names the record and exits 1."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession
from typer.testing import CliRunner

from peerline_gateway.cli import app
from peerline_gateway.posts import audit
from peerline_gateway.posts.models import ContentAuditEntry
from peerline_shared.db import create_engine, session_factory
from peerline_testing.audit_race import append_then_edit, verify_while_appending

from .test_posts_storage import migrated_url  # noqa: F401  (the SQLite and PostgreSQL fixture)

CHECKS = 150
EDITED_3 = "record 3: edited: its content does not match its hash"


@asynccontextmanager
async def appender(url: str) -> AsyncIterator[Callable[[], Awaitable[None]]]:
    """One record per transaction, as the posts' routes record them."""
    engine = create_engine(url)
    sessions = session_factory(engine)

    async def one(session: AsyncSession) -> None:
        await audit.record(session, actor_id="a1", actor_alias="Anna", action="post.edited")

    async def append_one() -> None:
        await audit.audited(sessions, one)

    try:
        yield append_one
    finally:
        await engine.dispose()


async def _edit_record_3(url: str) -> None:
    edited = ContentAuditEntry.sequence == 3
    edit = update(ContentAuditEntry).where(edited).values(action="post.deleted")
    await append_then_edit(url, appender, 5, edit)


async def test_verify_reports_nothing_while_records_are_appended(migrated_url: str) -> None:  # noqa: F811
    results, appended = await verify_while_appending(migrated_url, audit.verify, appender, checks=CHECKS)
    assert appended > CHECKS  # the writer went on during the checks
    assert [problems for problems in results if problems] == []


async def test_an_edited_record_is_the_only_one_named_while_records_are_appended(
    migrated_url: str,  # noqa: F811
) -> None:
    await _edit_record_3(migrated_url)
    results, _ = await verify_while_appending(migrated_url, audit.verify, appender, checks=CHECKS // 3)
    assert {tuple(problems) for problems in results} == {(EDITED_3,)}


def _command(url: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["posts", "audit", "verify", "--database-url", url])
    return result.exit_code, result.output


async def test_the_command_says_intact_then_names_the_edited_record(migrated_url: str) -> None:  # noqa: F811
    async with appender(migrated_url) as append_one:
        await append_one()
    code, output = await asyncio.to_thread(_command, migrated_url)
    assert code == 0 and "content audit chain intact: 1 records" in output, output
    await _edit_record_3(migrated_url)
    code, output = await asyncio.to_thread(_command, migrated_url)
    assert code == 1 and EDITED_3 in output and "BROKEN: 1 problem(s) in 6 records" in output, output
