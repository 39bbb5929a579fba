"""No Docker engine runs here, so the compose file is validated statically."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILES = sorted(ROOT.glob("docker-compose*.yml"))
SERVICES = ("gateway", "telegram", "triage", "directory", "notifications")


@pytest.mark.parametrize("path", COMPOSE_FILES, ids=lambda path: path.name)
def test_compose_file_matches_the_compose_spec(path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.compose-spec", str(path)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_service_builds_from_the_lock_and_waits_for_healthy_dependencies() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    for infra in ("nats", "redis", "postgres"):
        assert "healthcheck" in services[infra], infra
    for name in SERVICES:
        service = services[name]
        assert service["build"]["args"]["SERVICE"] == name
        assert service["command"] == ["python", "-m", f"peerline_{name}"]
        assert "healthcheck" in service
        conditions = {dep: spec["condition"] for dep, spec in service["depends_on"].items()}
        assert conditions["nats"] == conditions["postgres"] == "service_healthy"
    dockerfile = (ROOT / services["gateway"]["build"]["dockerfile"]).read_text()
    assert "uv sync --locked" in dockerfile


def test_nats_in_compose_uses_jetstream_file_storage() -> None:
    conf = (ROOT / "infra" / "nats" / "nats.conf").read_text()
    assert "jetstream" in conf and "store_dir" in conf
