"""Every way the gateway starts goes through `run_service`, which installs the log filter
that keeps client addresses out of the logs (shared/tests/test_logging.py)."""

from __future__ import annotations

import runpy
from typing import Any

import pytest
from typer.testing import CliRunner

from peerline_shared import runtime


def test_the_module_and_the_cli_both_start_through_run_service(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[str] = []

    def run_service(settings_factory: Any, app_factory: Any) -> None:
        started.append(settings_factory.__name__)

    monkeypatch.setattr(runtime, "run_service", run_service)
    # `python -m peerline_gateway`: the container's command, and what `peerline run` starts.
    runpy.run_module("peerline_gateway", run_name="__main__")
    from peerline_gateway.cli import app

    result = CliRunner().invoke(app, ["serve"])  # `peerline gateway serve`
    assert result.exit_code == 0, result.output
    assert started == ["GatewaySettings", "GatewaySettings"]
