"""docker-compose.prod.yml, checked statically (no Docker engine here; the compose-spec schema
check in tests/deploy covers it too): the shape docs/deployment.md promises."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.prod.yml").read_text())
SERVICES: dict[str, Any] = COMPOSE["services"]
REPLICATED = ("gateway", "triage", "directory")
SINGLE = ("telegram", "notifications")


def test_three_nats_nodes_run_the_cluster_config_with_jetstream() -> None:
    nodes = [name for name in SERVICES if name.startswith("nats-")]
    assert nodes == ["nats-1", "nats-2", "nats-3"]
    for name in nodes:
        node = SERVICES[name]
        assert "./infra/nats/cluster/nats.conf:/etc/nats/nats.conf:ro" in node["volumes"]
        assert node["environment"]["NATS_SERVER_NAME"] == name
        assert "healthcheck" in node
    conf = (ROOT / "infra" / "nats" / "cluster" / "nats.conf").read_text()
    assert "jetstream" in conf and "cluster" in conf
    assert all(f"nats-route://{name}:6222" in conf for name in nodes)


def test_services_use_replicated_streams_and_every_node() -> None:
    env = SERVICES["gateway"]["environment"]
    assert env["PEERLINE_STREAM_REPLICAS"] == "3"
    assert all(f"@nats-{n}:4222" in env["PEERLINE_NATS_URL"] for n in (1, 2, 3))
    assert env["PEERLINE_MODE"] == "production"


def test_stateless_services_run_twice_and_the_single_ones_once() -> None:
    for name in REPLICATED:
        assert SERVICES[name]["deploy"]["replicas"] == 2, name
    for name in SINGLE:
        assert SERVICES[name]["deploy"]["replicas"] == 1, name


def test_migrations_run_once_before_every_service() -> None:
    migrate = SERVICES["migrate"]
    assert migrate["restart"] == "no"
    assert "notifications migrate" in " ".join(migrate["command"])
    for name in (*REPLICATED, *SINGLE):
        service = SERVICES[name]
        assert service["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert service["depends_on"]["postgres"]["condition"] == "service_healthy"
        assert "healthcheck" in service, name


def test_secrets_come_only_from_the_environment() -> None:
    text = (ROOT / "docker-compose.prod.yml").read_text()
    for line in text.splitlines():
        match = re.match(r"\s*(\w*(?:PASSWORD|SECRET|KEY|TOKEN)\w*):\s*(.+)", line)
        if match and not match.group(1).endswith("_FILE"):
            value = match.group(2)
            assert value.startswith(("${", '"${')) or "${" in value, (
                f"{match.group(1)} is not from the environment"
            )
    assert "ports" not in SERVICES["gateway"], "only the proxy publishes ports"
