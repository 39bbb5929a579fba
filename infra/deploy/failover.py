"""deploy-check's NATS step: stop the node the services are connected to, and check that every
one of them reconnects to another node and carries on.

Which node a container is on comes from each node's monitoring endpoint (`/connz`, client
addresses), read over the Docker network straight from this host, so the polling itself
costs little on a loaded machine."""

from __future__ import annotations

import asyncio
import json
import subprocess
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import httpx
from round_trip import RoundTrip

NATS_NODES = ("nats-1", "nats-2", "nats-3")
APP_SERVICES = ("gateway", "telegram", "directory", "triage", "notifications")
RECOVERY_LIMIT_S = 15.0
MONITOR_PORT = 8222


class FailoverFailed(Exception):
    pass


def _inspect(project: str) -> list[dict[str, Any]]:
    ids = subprocess.run(["docker", "ps", "-q", "--filter", f"label=com.docker.compose.project={project}"],
                         capture_output=True, text=True, check=True).stdout.split()
    if not ids:
        return []
    found: list[dict[str, Any]] = json.loads(subprocess.run(
        ["docker", "inspect", *ids], capture_output=True, text=True, check=True).stdout)
    return found


def _address(container: dict[str, Any]) -> str:
    networks = container["NetworkSettings"]["Networks"]
    backend = next((n for name, n in networks.items() if name.endswith("_backend")), None)
    return str((backend or next(iter(networks.values())))["IPAddress"])


class Cluster:
    """The running NATS nodes and application containers of one compose project."""

    def __init__(self, project: str) -> None:
        self.project = project
        self.apps: dict[str, str] = {}  # address → container name
        self.nodes: dict[str, tuple[str, str]] = {}  # node → (container id, address)
        self.refresh()

    def refresh(self) -> None:
        for container in _inspect(self.project):
            service = container["Config"]["Labels"]["com.docker.compose.service"]
            if service in APP_SERVICES:
                self.apps[_address(container)] = container["Name"].lstrip("/")
            elif service in NATS_NODES:
                self.nodes[service] = (container["Id"], _address(container))

    def connections(self, skip: str = "") -> dict[str, str]:
        """Application container → the node it is connected to."""
        found: dict[str, str] = {}
        for node, (_, address) in self.nodes.items():
            if node == skip:
                continue
            try:
                answer = httpx.get(f"http://{address}:{MONITOR_PORT}/connz?limit=4096", timeout=2).json()
            except (httpx.HTTPError, ValueError):
                continue
            for connection in answer.get("connections", []):
                if connection.get("ip") in self.apps:
                    found[self.apps[connection["ip"]]] = node
        return found

    def stop(self, node: str) -> None:
        subprocess.run(["docker", "stop", "-t", "5", self.nodes[node][0]], capture_output=True, check=True)

    def start(self, node: str) -> None:
        subprocess.run(["docker", "start", self.nodes[node][0]], capture_output=True, check=True)
        deadline = time.monotonic() + 60
        while True:
            self.refresh()
            address = self.nodes[node][1]
            try:
                url = f"http://{address}:{MONITOR_PORT}/healthz?js-enabled-only=true"
                if address and httpx.get(url, timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise FailoverFailed(f"{node} not healthy again within 60 s")
            time.sleep(0.5)

    def wait_reconnected(self, moved: list[str], stopped: str, began: float) -> float:
        """Seconds from `began` (the stop) until every container in `moved` is on another node."""
        while True:
            now = self.connections(skip=stopped)
            if all(name in now for name in moved):
                return time.monotonic() - began
            if time.monotonic() - began > RECOVERY_LIMIT_S:
                lost = [name for name in moved if name not in now]
                raise FailoverFailed(f"not reconnected {RECOVERY_LIMIT_S:.0f} s after {stopped} stopped: "
                                     f"{lost}")
            time.sleep(0.2)


async def survive_node_stops(cluster: Cluster, trip: RoundTrip, say: Callable[[str], None]) -> None:
    """Stop the node most not-yet-tested services are on, until every service has lost its node
    once: each time they all reconnect elsewhere, a message sent during the stop reaches the
    queue, and a full round trip finishes within 15 s of the stop. The node then restarts."""
    tested: set[str] = set()
    everyone = set(cluster.apps.values())
    for _ in NATS_NODES:
        now = cluster.connections()
        untested = [name for name in everyone - tested if name in now]
        if not untested:
            break
        node = Counter(now[name] for name in untested).most_common(1)[0][0]
        moved = sorted(name for name, on in now.items() if on == node)
        say(f"  stopping {node} (connected: {', '.join(moved)})")
        stopped_at = time.monotonic()
        cluster.stop(node)
        took, during = await asyncio.gather(
            asyncio.to_thread(cluster.wait_reconnected, moved, node, stopped_at), trip.send_during_outage()
        )
        say(f"  every service on {node} reconnected to another node {took:.1f} s after the stop")
        await trip.complete(limit_s=RECOVERY_LIMIT_S - (time.monotonic() - stopped_at))
        await trip.arrived(during)
        say(f"  round trip OK {time.monotonic() - stopped_at:.1f} s after the stop; the message sent "
            "during it arrived")
        tested.update(moved)
        cluster.start(node)
    if untested := sorted(everyone - tested):
        raise FailoverFailed(f"never saw these services on a node: {untested}")
