"""`make deploy-check`: the production layout (docker-compose.prod.yml) started for real with
Docker on this machine, a round trip through the TLS proxy, a NATS node stopped under every
service, and everything torn down again. Each step prints its time.

Idempotent: an engine already running, images already built and a failed run's leftovers are
all fine (the leftovers are removed first). `--keep` leaves the stack running to look at it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import images
from failover import APP_SERVICES, Cluster, FailoverFailed, survive_node_stops
from round_trip import RoundTrip, RoundTripFailed

ROOT = images.ROOT
WORK = ROOT / "var" / "deploy-check"
PROJECT = "peerline-deploy-check"
COMPOSE_FILE = ROOT / "docker-compose.prod.yml"
MIN_CONTAINERS = 15
HEALTH_TIMEOUT_S = 360.0
STARTED = time.monotonic()
TIMINGS: list[tuple[str, float]] = []


def say(text: str) -> None:
    elapsed = time.monotonic() - STARTED
    print(f"[{int(elapsed // 60):02d}:{elapsed % 60:04.1f}] {text}", flush=True)


@contextmanager
def step(name: str) -> Iterator[None]:
    say(f"{name} ...")
    began = time.monotonic()
    yield
    TIMINGS.append((name, time.monotonic() - began))
    say(f"{name}: ok ({TIMINGS[-1][1]:.1f} s)")


class Compose:
    """docker compose (v2) or docker-compose (1.29), with this check's project and env file."""

    def __init__(self, env_file: Path) -> None:
        if subprocess.run(["docker", "compose", "version"], capture_output=True, check=False).returncode == 0:
            self.base = ["docker", "compose"]
        else:
            self.base = ["docker-compose"]
        self.base += ["-f", str(COMPOSE_FILE), "-p", PROJECT, "--env-file", str(env_file)]

    def run(self, *args: str, check: bool = True, capture: bool = True, env: dict[str, str] | None = None,
            ) -> subprocess.CompletedProcess[str]:
        result = subprocess.run([*self.base, *args], capture_output=capture, text=True, cwd=ROOT,
                                env={**os.environ, **(env or {})}, check=False)
        if check and result.returncode != 0:
            output = result.stdout[-3000:] + result.stderr[-3000:]
            raise CheckFailed(f"compose {' '.join(args[:3])} failed:\n{output}")
        return result


class CheckFailed(Exception):
    pass


def docker(*args: str, check: bool = True) -> str:
    result = subprocess.run(["docker", *args], capture_output=True, text=True, check=False)
    if check and result.returncode != 0:
        raise CheckFailed(f"docker {' '.join(args[:3])}: {result.stderr.strip()[-2000:]}")
    return result.stdout


def ensure_engine() -> None:
    """Docker and Compose from the distribution's packages when missing; the engine started
    in the background when it is not running."""
    if shutil.which("dockerd") is None or (shutil.which("docker-compose") is None and not _has_compose_v2()):
        say("installing docker.io and docker-compose from the distribution")
        subprocess.run(["apt-get", "update", "-q"], check=True, capture_output=True)
        packages = ["docker.io", "docker-compose", "debootstrap"]
        subprocess.run(["apt-get", "install", "-y", "-q", *packages], check=True, capture_output=True,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    if _engine_answers():
        return
    say("starting dockerd")
    WORK.mkdir(parents=True, exist_ok=True)
    log = (WORK / "dockerd.log").open("ab")
    subprocess.Popen(["dockerd"], stdout=log, stderr=log, start_new_session=True)
    deadline = time.monotonic() + 60
    while not _engine_answers():
        if time.monotonic() > deadline:
            raise CheckFailed(f"dockerd did not answer within 60 s; see {WORK / 'dockerd.log'}")
        time.sleep(1)


def _has_compose_v2() -> bool:
    return shutil.which("docker") is not None and subprocess.run(
        ["docker", "compose", "version"], capture_output=True, check=False).returncode == 0


def _engine_answers() -> bool:
    docker_cli = shutil.which("docker")
    return docker_cli is not None and subprocess.run(
        [docker_cli, "info"], capture_output=True, check=False).returncode == 0


def build_images() -> dict[str, str]:
    return images.build_images(images.docker_cli(), log=say)


def write_env(chosen: dict[str, str]) -> Path:
    """Secrets (fresh for each run) and the env file: stand-in images, localhost, free ports."""
    secrets_dir = WORK / "secrets"
    shutil.rmtree(secrets_dir, ignore_errors=True)
    subprocess.run(["bash", str(ROOT / "infra" / "scripts" / "make-secrets.sh"), str(secrets_dir)],
                   check=True, capture_output=True)
    lines = [f"{name}={image}" for name, image in chosen.items() if image]
    lines += [
        "PEERLINE_DOMAIN=localhost",
        "PEERLINE_HTTP_PUBLISH=127.0.0.1:",
        "PEERLINE_HTTPS_PUBLISH=127.0.0.1:",
        "PEERLINE_PROMETHEUS_PUBLISH=127.0.0.1:",
        "PEERLINE_GRAFANA_PUBLISH=127.0.0.1:",
        f"PEERLINE_SECRETS_DIR={secrets_dir}",
    ]
    env_file = WORK / "deploy-check.env"
    env_file.write_text("\n".join(lines) + "\n")
    return env_file


def services_to_start(compose: Compose, chosen: dict[str, str]) -> list[str]:
    names = compose.run("config", "--services").stdout.split()
    if not chosen.get("PEERLINE_GRAFANA_IMAGE"):
        say("  grafana: not started (no image; its provisioning is checked by tests/deploy)")
        names.remove("grafana")
    return names


def containers() -> list[dict[str, Any]]:
    ids = docker("ps", "-aq", "--filter", f"label=com.docker.compose.project={PROJECT}").split()
    return json.loads(docker("inspect", *ids)) if ids else []


def service_of(container: dict[str, Any]) -> str:
    return str(container["Config"]["Labels"]["com.docker.compose.service"])


def wait_healthy() -> int:
    deadline = time.monotonic() + HEALTH_TIMEOUT_S
    while True:
        found = containers()
        waiting = [c["Name"].lstrip("/") for c in found if not _ready(c)]
        failed = [c["Name"].lstrip("/") for c in found if service_of(c) == "migrate"
                  and c["State"]["Status"] == "exited" and c["State"]["ExitCode"]]
        if failed:
            raise CheckFailed(f"migrations failed: {failed}")
        if found and not waiting:
            return len(found)
        if time.monotonic() > deadline:
            raise CheckFailed(f"not healthy after {HEALTH_TIMEOUT_S:.0f} s: {waiting}")
        time.sleep(2)


def _ready(container: dict[str, Any]) -> bool:
    state = container["State"]
    if service_of(container) == "migrate":
        return bool(state["Status"] == "exited" and state["ExitCode"] == 0)
    if "Health" in state:
        return bool(state["Health"]["Status"] == "healthy")
    return bool(state["Running"])


def check_no_secret_in_environment(secrets_dir: Path) -> None:
    values = [p.read_text() for p in secrets_dir.iterdir() if p.read_text()]
    for container in containers():
        settings = json.dumps([container["Config"]["Env"], container["Config"]["Cmd"],
                               container["Config"]["Entrypoint"]])
        leaked = [v[:4] + "…" for v in values if v in settings]
        if leaked:
            raise CheckFailed(f"{container['Name']} shows a secret in docker inspect: {leaked}")


def proxy_tls(compose: Compose) -> tuple[str, str]:
    """The proxy's address on this host and the root certificate of Caddy's local CA."""
    port = compose.run("port", "proxy", "443").stdout.strip().rsplit(":", 1)[1]
    root = compose.run("exec", "-T", "proxy", "cat", "/data/caddy/pki/authorities/local/root.crt").stdout
    path = WORK / "caddy-root.crt"
    path.write_text(root)
    return f"https://localhost:{port}", str(path)


def add_supervisor(compose: Compose, password: str) -> None:
    """The check's console account: a supervisor, who sees every queue item (a consultant sees
    only what is offered to them or waits in their languages while on shift)."""
    compose.run("run", "--rm", "-T", "--no-deps", "-e", f"PEERLINE_NEW_ACCOUNT_PASSWORD={password}",
                "gateway", "peerline", "gateway", "account", "add", "--login", "deploy-check",
                "--alias", "Check", "--role", "supervisor")


def check_prometheus(compose: Compose) -> None:
    port = compose.run("port", "prometheus", "9090").stdout.strip().rsplit(":", 1)[1]
    import httpx

    deadline = time.monotonic() + 60
    while True:
        answer = httpx.get(f"http://127.0.0.1:{port}/api/v1/targets", timeout=5).json()
        targets = answer["data"]["activeTargets"]
        up = Counter(t["labels"]["job"] for t in targets if t["health"] == "up")
        missing = [f"peerline-{name}" for name in APP_SERVICES if not up[f"peerline-{name}"]]
        if not missing:
            say(f"  prometheus scrapes {sum(up.values())} targets: {dict(up)}")
            return
        if time.monotonic() > deadline:
            raise CheckFailed(f"prometheus does not scrape {missing}")
        time.sleep(2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keep", action="store_true", help="leave the stack running")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    compose: Compose | None = None
    passed = False
    try:
        with step("docker engine"):
            ensure_engine()
        with step("images built"):
            chosen = build_images()
        env_file = write_env(chosen)
        compose = Compose(env_file)
        with step("leftovers of an earlier run removed"):
            compose.run("down", "-v", "--remove-orphans", "-t", "5")
        with step("production layout up"):
            names = services_to_start(compose, chosen)
            if compose.run("up", "-d", "--no-build", *names, check=False).returncode != 0:
                say("  compose up stopped at a dependency that was restarting; once more")
                compose.run("up", "-d", "--no-build", *names)
        with step("healthy"):
            count = wait_healthy()
            say(f"  {count} containers healthy (migrate exited 0)")
            if count < MIN_CONTAINERS:
                raise CheckFailed(f"only {count} containers; the layout has at least {MIN_CONTAINERS}")
        with step("no secret in any container's environment"):
            check_no_secret_in_environment(WORK / "secrets")
        with step("prometheus scrapes every service"):
            check_prometheus(compose)
        url, root_cert = proxy_tls(compose)
        password = secrets.token_urlsafe(24)
        add_supervisor(compose, password)
        trip = RoundTrip(url, root_cert, "deploy-check", password, log=say)
        with step("proxy serves public routes only"):
            asyncio.run(trip.check_proxy_routes())
        with step("round trip through the proxy"):
            asyncio.run(trip.once())
        with step("NATS node stopped under every service, every service recovered"):
            asyncio.run(_with_console(trip, survive_node_stops(Cluster(PROJECT), trip, say)))
        passed = True
        return 0
    except (CheckFailed, RoundTripFailed, FailoverFailed, subprocess.CalledProcessError) as failure:
        say(f"FAILED: {failure}")
        if compose is not None:
            _show_logs(compose)
        return 1
    finally:
        if compose is not None and not args.keep:
            with step("torn down (containers, networks, volumes)"):
                compose.run("down", "-v", "--remove-orphans", "-t", "5", check=False)
        for name, seconds in TIMINGS:
            print(f"{seconds:8.1f} s  {name}")
        say(f"deploy-check {'passed' if passed else 'FAILED'}")


async def _with_console(trip: RoundTrip, work: Coroutine[Any, Any, None]) -> None:
    await trip.open()
    try:
        await work
    finally:
        await trip.close()


def _show_logs(compose: Compose) -> None:
    result = compose.run("logs", "--tail", "30", "--no-color", check=False)
    print(result.stdout[-12000:], result.stderr[-2000:], sep="\n")


if __name__ == "__main__":
    raise SystemExit(main())
