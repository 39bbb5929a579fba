"""The alerts' audit trail is a hash chain: migration 0005 chains the records written before it,
new records extend the chain, and `peerline telegram alerts audit verify` names a tampered one."""

from __future__ import annotations

import asyncio
import uuid

from alembic import command
from sqlalchemy import text
from typer.testing import CliRunner

from peerline_shared.db import create_engine, session_factory, unit_of_work
from peerline_shared.events import Actor, AlertTexts, DraftAlert
from peerline_shared.migrations import alembic_config, upgrade_to_head
from peerline_telegram.alerts import audit, service
from peerline_telegram.cli import MIGRATIONS, VERSION_TABLE, alerts_audit_app

ANNA = Actor(consultant_id=uuid.uuid4(), alias="Anna", role="supervisor")
BEFORE_THE_CHAIN = """INSERT INTO telegram_alert_audit
(id, alert_id, action, actor_id, actor_alias, at, detail)
VALUES (:id, :alert_id, :action, NULL, 'system', '2026-12-01 10:00:00+00:00', '{"sent": 3}')"""


def _upgrade_to(url: str, revision: str) -> None:
    command.upgrade(alembic_config(MIGRATIONS, url, VERSION_TABLE), revision)


def _verify_cli(url: str) -> tuple[int, str]:
    result = CliRunner().invoke(alerts_audit_app, ["verify", "--database-url", url])
    return result.exit_code, result.output


async def test_records_before_the_migration_are_chained_and_an_edit_is_named(empty_database_url: str) -> None:
    url = empty_database_url
    await asyncio.to_thread(_upgrade_to, url, "0004")
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            for row_id, action in ((3, "finished"), (7, "cancelled")):  # ids with gaps, as a sequence leaves
                alert_id = uuid.uuid4().hex  # how both dialects store a Uuid column
                await connection.execute(
                    text(BEFORE_THE_CHAIN), {"id": row_id, "alert_id": alert_id, "action": action}
                )
        await asyncio.to_thread(upgrade_to_head, MIGRATIONS, url, VERSION_TABLE)
        sessions = session_factory(engine)
        async with unit_of_work(sessions) as session:
            command_ = DraftAlert(actor=ANNA, country="UA", region=None, texts=AlertTexts(uk="Увага"))
            await service.draft(session, command_, ANNA)
        async with sessions() as session:
            assert await audit.verify(session) == (3, [])
        assert await asyncio.to_thread(_verify_cli, url) == (0, "alert audit chain intact: 3 records\n")

        async with engine.begin() as connection:
            tamper = "UPDATE telegram_alert_audit SET actor_alias = 'Mallory' WHERE id = 2"
            await connection.execute(text(tamper))
        async with sessions() as session:
            count, problems = await audit.verify(session)
        assert count == 3
        assert [(problem.sequence, problem.kind) for problem in problems] == [(2, "edited")]
        exit_code, output = await asyncio.to_thread(_verify_cli, url)
        assert exit_code == 1 and "record 2: edited" in output
    finally:
        await engine.dispose()


async def test_a_record_deleted_from_the_end_shows(migrated_url: str) -> None:
    engine = create_engine(migrated_url)
    try:
        sessions = session_factory(engine)
        for _ in range(2):
            async with unit_of_work(sessions) as session:
                command_ = DraftAlert(actor=ANNA, country="UA", region=None, texts=AlertTexts(uk="Увага"))
                await service.draft(session, command_, ANNA)
        async with engine.begin() as connection:
            await connection.execute(text("DELETE FROM telegram_alert_audit WHERE id = 2"))
        async with sessions() as session:
            _, problems = await audit.verify(session)
        assert [(problem.sequence, problem.kind) for problem in problems] == [(2, "deleted")]
    finally:
        await engine.dispose()
