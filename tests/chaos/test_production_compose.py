"""docker-compose.prod.yml, checked statically (the compose-spec schema check in tests/deploy
covers it too; `make deploy-check` starts it for real): the shape docs/deployment.md promises."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from peerline_shared.nats_identities import IDENTITIES, SERVICE_IDENTITIES

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.prod.yml").read_text())
SERVICES: dict[str, Any] = COMPOSE["services"]
REPLICATED = ("gateway", "triage", "directory", "notifications")
SINGLE = ("telegram",)


def test_three_nats_nodes_run_the_cluster_config_with_jetstream() -> None:
    nodes = [name for name in SERVICES if name.startswith("nats-")]
    assert nodes == ["nats-1", "nats-2", "nats-3"]
    for name in nodes:
        node = SERVICES[name]
        assert "./infra/nats/cluster/nats.conf:/etc/nats/nats.conf:ro" in node["volumes"]
        assert "./infra/nats/cluster/identities.conf:/etc/nats/identities.conf:ro" in node["volumes"]
        assert node["environment"]["NATS_SERVER_NAME"] == name
        assert "healthcheck" in node
    conf = (ROOT / "infra" / "nats" / "cluster" / "nats.conf").read_text()
    assert "jetstream" in conf and "cluster" in conf
    assert all(f"nats-route://{name}:6222" in conf for name in nodes)


def test_services_use_replicated_streams_and_every_node() -> None:
    env = SERVICES["gateway"]["environment"]
    assert env["PEERLINE_STREAM_REPLICAS"] == "3"
    assert env["PEERLINE_MODE"] == "production"
    generator = (ROOT / "infra" / "scripts" / "make-secrets.sh").read_text()
    assert all(f"@nats-{n}:4222" in generator for n in (1, 2, 3))


def test_each_service_connects_to_nats_as_its_own_user() -> None:
    for each in SERVICE_IDENTITIES:
        own = {"source": f"peerline_nats_url_{each.name}", "target": "peerline_nats_url"}
        assert own in SERVICES[each.name]["secrets"], each.name
    for name in ("nats-1", "nats-2", "nats-3"):
        assert SERVICES[name]["secrets"] == [f"nats_password_{each.name}" for each in IDENTITIES]
    conf = (ROOT / "infra" / "nats" / "cluster" / "nats.conf").read_text()
    assert "include ./identities.conf" in conf and "authorization" not in conf, "one table of users"


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


def test_no_secret_is_an_environment_variable_every_one_is_a_file() -> None:
    text = (ROOT / "docker-compose.prod.yml").read_text()
    for line in text.splitlines():
        match = re.match(r"\s*(\w*(?:PASSWORD|SECRET|KEY|TOKEN|_URL)\w*):\s*(.+)", line)
        if match and not match.group(1).endswith(("_FILE", "WEBHOOK_URL", "PUBLIC_URL")):
            raise AssertionError(f"{match.group(1)} is set in the environment: {line.strip()}")
    declared = set(COMPOSE["secrets"])
    used = {_source(secret) for service in SERVICES.values() for secret in service.get("secrets", [])}
    assert used == declared
    folder = "${PEERLINE_SECRETS_DIR:-./secrets}/"
    assert all(spec["file"].startswith(folder) for spec in COMPOSE["secrets"].values())
    generator = (ROOT / "infra" / "scripts" / "make-secrets.sh").read_text()
    # The NATS users' files are written in a loop over the users (tests/deploy/test_make_secrets).
    nats_users = ("nats_password_", "peerline_nats_url_")
    assert all(name in generator for name in declared if not name.startswith(nats_users))
    assert "ports" not in SERVICES["gateway"], "only the proxy publishes ports"


def _source(secret: str | dict[str, str]) -> str:
    return secret if isinstance(secret, str) else secret["source"]


def test_redis_password_is_on_no_command_line() -> None:
    redis = SERVICES["redis"]
    assert "--requirepass" not in " ".join(redis["entrypoint"])
    assert "/run/secrets/redis_password" in " ".join(redis["entrypoint"])


def test_proxy_forwards_only_public_routes_and_caps_bodies() -> None:
    caddyfile = (ROOT / "infra" / "caddy" / "Caddyfile").read_text()
    assert "max_size" in caddyfile
    assert re.search(r"handle \{\s*respond \"Not found\" 404", caddyfile), "everything else is 404"
    routes = " ".join(line for line in caddyfile.splitlines() if line.strip().startswith(("@", "handle")))
    for internal in ("/metrics", "/docs", "/openapi", "/healthz"):
        assert internal not in routes


def test_prometheus_scrapes_every_service_and_grafana_gets_the_dashboard() -> None:
    prometheus = yaml.safe_load((ROOT / "infra" / "prometheus" / "prometheus.yml").read_text())
    jobs = {job["job_name"]: job for job in prometheus["scrape_configs"]}
    for name in (*REPLICATED, *SINGLE):
        port = SERVICES[name]["environment"][f"PEERLINE_{name.upper()}_PORT"]
        assert jobs[f"peerline-{name}"]["dns_sd_configs"][0] == {
            "names": [name], "type": "A", "port": int(port), "refresh_interval": "15s"
        }
    grafana = SERVICES["grafana"]
    assert "./infra/grafana/peerline.json:/var/lib/grafana/dashboards/peerline.json:ro" in grafana["volumes"]
    datasources = yaml.safe_load(
        (ROOT / "infra" / "grafana" / "provisioning" / "datasources" / "prometheus.yml").read_text()
    )
    assert datasources["datasources"][0]["url"] == "http://prometheus:9090"
    dashboard = json.loads((ROOT / "infra" / "grafana" / "peerline.json").read_text())
    assert dashboard["templating"]["list"][0]["query"] == "prometheus"
