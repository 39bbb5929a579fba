"""The system under test: a DevStack on free ports in a temporary folder, plus what we read
from it afterwards (gateway memory, stored client messages)."""

from __future__ import annotations

import resource
import sqlite3
import sys
import time
import uuid
from collections.abc import Iterable
from pathlib import Path

from peerline_devtools.devstack import DEFAULT_PORTS, SERVICES, DevStack, ServiceProcess, answers_ok
from peerline_devtools.localservers import free_port, free_port_map

# The bench drives 1,000 msg/s from a few hundred sockets, so the per-client flood limit
# (meant for one person typing) is lifted; everything else runs with its defaults.
BENCH_ENV = {
    "PEERLINE_GATEWAY_CLIENT_MESSAGES_PER_MINUTE": "1000000",
    # Every simulated client comes from 127.0.0.1.
    "PEERLINE_GATEWAY_IP_MESSAGES_PER_MINUTE": "100000000",
    "PEERLINE_GATEWAY_MAX_SOCKETS_PER_IP": "1000000",
    "PEERLINE_LOG_LEVEL": "WARNING",
}


def raise_open_files_limit(wanted: int) -> int:
    """Lift the soft limit toward `wanted` (children inherit it); return what we got."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if target > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        return target
    return soft


def start_stack(
    var_dir: Path, log_level: str = "WARNING", timeout_s: float = 180.0, sync_always: bool = True
) -> DevStack:
    """`DevStack.start` with a longer health wait (on a busy 2-core machine five Python
    services can take minutes to import and connect), and log tails when it fails."""
    ports = free_port_map(DEFAULT_PORTS)
    stack = DevStack(
        var_dir,
        ports,
        extra_env={**BENCH_ENV, "PEERLINE_LOG_LEVEL": log_level},
        sync_always=sync_always,
        health_timeout_s=timeout_s,
    )
    try:
        stack.start(SERVICES)
    except BaseException:
        stack.stop()
        _print_log_tails(var_dir / "logs")
        raise
    return stack


def add_replicas(stack: DevStack, name: str, count: int, timeout_s: float = 180.0) -> None:
    """`count - 1` more processes of service `name`, each on its own port, sharing its NATS
    consumers and database (as replicas do in production); `stack.stop` stops them too."""
    for number in range(2, count + 1):
        port = free_port()
        env = {**stack.service_env(name), f"PEERLINE_{name.upper()}_PORT": str(port)}
        replica = ServiceProcess(name, env, stack.var_dir / "logs" / f"{name}-{number}.log", None)
        replica.start()
        stack.services[f"{name}-{number}"] = replica
        deadline = time.monotonic() + timeout_s
        while not answers_ok(f"http://127.0.0.1:{port}/healthz"):
            if time.monotonic() > deadline or (replica.process and replica.process.poll() is not None):
                raise RuntimeError(f"{name} replica {number} did not start; see {stack.var_dir / 'logs'}")
            time.sleep(0.2)


def _print_log_tails(log_dir: Path, lines: int = 15) -> None:
    for path in sorted(log_dir.glob("*.log")):
        tail = path.read_text(errors="replace").splitlines()[-lines:]
        if tail:
            print(f"--- last lines of {path.name} ---", *tail, sep="\n", file=sys.stderr)


def service_pid(stack: DevStack, name: str) -> int:
    process = stack.services[name].process
    assert process is not None
    return process.pid


def rss_kb(pid: int) -> int:
    """Resident memory of a process in KiB, from /proc (psutil is not a dependency)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for pid {pid}")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, from /proc/<pid>/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])
    return ticks / 100.0


def stored_message_ids(stack: DevStack) -> set[uuid.UUID]:
    """Ids of client messages notifications has committed (its own SQLite file)."""
    path = stack.var_dir / "db" / "notifications.sqlite"
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10) as db:
        rows: Iterable[tuple[str]] = db.execute(
            "SELECT id FROM notifications_message WHERE author = 'client'"
        ).fetchall()
    return {uuid.UUID(str(row[0])) for row in rows}


def cpu_snapshot(stack: DevStack) -> dict[str, float]:
    """CPU seconds used so far by each service, nats-server, redis-server and this load
    generator."""
    seconds = {name: cpu_seconds(service_pid(stack, name)) for name in stack.services}
    for name, server in (("nats", stack.nats), ("redis", stack.redis)):
        if server is not None and server.process is not None:
            seconds[name] = cpu_seconds(server.process.pid)
    seconds["bench"] = time.process_time()
    return seconds
