"""`peerline telegram migrate` in production mode needs the database URL and nothing else: the
compose files run it before any service's secrets are handed out."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from peerline_telegram.cli import VERSION_TABLE, app


def test_migrate_runs_in_production_without_the_services_secrets(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    database = tmp_path / "peerline.sqlite"
    monkeypatch.setenv("PEERLINE_MODE", "production")
    monkeypatch.setenv("PEERLINE_DATABASE_URL", f"sqlite+aiosqlite:///{database}")
    monkeypatch.setenv("PEERLINE_TELEGRAM_BOT_TOKEN", "")

    result = CliRunner().invoke(app, ["migrate"])

    assert result.exit_code == 0, result.output
    with sqlite3.connect(database) as db:
        assert db.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone() is not None
