"""`peerline audit verify` passes on a real run and fails, naming the record, after a row is
edited, deleted or reordered by hand (migrated SQLite file, as `make run` has it)."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from typer.testing import CliRunner

from peerline_notifications.cli import MIGRATIONS, VERSION_TABLE, audit_app
from peerline_notifications.db import serialise_sqlite_writes
from peerline_notifications.deps import Deps
from peerline_notifications.settings import NotificationsSettings
from peerline_shared.db import create_engine, session_factory
from peerline_shared.i18n import Catalogue
from peerline_shared.migrations import upgrade_to_head

from .conftest import FakeDirectory, RecordingPublisher, consultant, triaged
from .support import claim, receive


async def _a_shift(url: str) -> None:
    engine = create_engine(url)
    serialise_sqlite_writes(engine)
    olena = consultant("Olena")
    deps = Deps(
        sessions=session_factory(engine),
        publisher=RecordingPublisher(),
        directory=FakeDirectory(candidates=[olena]),
        settings=NotificationsSettings(database_url=url),
        catalogue=Catalogue.load("peerline_notifications"),
    )
    for client in ("a", "b", "c"):
        conversation = await receive(deps, triaged(client=client))
        await claim(deps, conversation.id, olena)
    await engine.dispose()


@pytest.fixture
def audited_db(tmp_path: Path) -> Path:
    path = tmp_path / "notifications.sqlite"
    url = f"sqlite+aiosqlite:///{path}"
    upgrade_to_head(MIGRATIONS, url, VERSION_TABLE)
    asyncio.run(_a_shift(url))
    return path


def _verify(path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(audit_app, ["verify", "--database-url", f"sqlite+aiosqlite:///{path}"])
    return result.exit_code, result.output


def _sql(path: Path, statement: str) -> None:
    with sqlite3.connect(path) as db:
        db.execute(statement)


def test_verify_passes_on_a_real_run(audited_db: Path) -> None:
    code, output = _verify(audited_db)
    assert code == 0, output
    assert "intact: 9 records" in output  # 3 × queued, offered, claimed


def test_verify_fails_after_a_row_is_edited_by_hand(audited_db: Path) -> None:
    _sql(audited_db, "UPDATE notifications_audit SET actor_alias = 'Someone else' WHERE sequence = 3")
    code, output = _verify(audited_db)
    assert code == 1 and "record 3: edited" in output


def test_verify_names_a_deleted_row(audited_db: Path) -> None:
    _sql(audited_db, "DELETE FROM notifications_audit WHERE sequence = 5")
    code, output = _verify(audited_db)
    assert code == 1 and "record 6: deleted" in output and "5" in output


def test_verify_names_rows_deleted_from_the_end(audited_db: Path) -> None:
    _sql(audited_db, "DELETE FROM notifications_audit WHERE sequence >= 8")
    code, output = _verify(audited_db)
    assert code == 1 and "records 8–9 at the end are missing" in output


def test_verify_names_reordered_rows(audited_db: Path) -> None:
    _sql(audited_db, "UPDATE notifications_audit SET sequence = -4 WHERE sequence = 4")
    _sql(audited_db, "UPDATE notifications_audit SET sequence = 4 WHERE sequence = 5")
    _sql(audited_db, "UPDATE notifications_audit SET sequence = 5 WHERE sequence = -4")
    code, output = _verify(audited_db)
    assert code == 1
    assert "record 4: reordered: it was written as record 5" in output
    assert "record 5: reordered: it was written as record 4" in output


def test_peerline_audit_is_a_top_level_alias(audited_db: Path) -> None:
    assert "audit" in {entry.name for entry in entry_points(group="peerline.commands")}
    peerline = Path(sys.executable).with_name("peerline")
    run = subprocess.run(
        [str(peerline), "audit", "verify", "--database-url", f"sqlite+aiosqlite:///{audited_db}"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0 and "intact" in run.stdout, run.stderr
