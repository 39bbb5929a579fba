"""The whole system on one machine: nats-server, redis-server, SQLite, every service a process.

Used by `make run` (`peerline run`) and by the end-to-end tests, which start it on free ports
in a temporary folder. Logs: each service's JSON lines go to `<var>/logs/<service>.log`, and a
short readable form with a service prefix to the terminal.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import httpx
import orjson

from peerline_devtools.localservers import (
    ChildProcess,
    LocalServer,
    NatsServer,
    RedisServer,
    free_port,
    port_is_open,
    spawn,
)
from peerline_devtools.nats_credentials import load_or_create_passwords, load_or_create_secret
from peerline_shared.migrations import upgrade_to_head
from peerline_shared.nats_identities import with_credentials

SERVICES: tuple[str, ...] = ("directory", "notifications", "triage", "telegram", "gateway")
DEFAULT_PORTS: Mapping[str, int] = {
    "nats": 14222,
    "redis": 16379,
    "gateway": 8200,
    "telegram": 8201,
    "directory": 8202,
    "triage": 8203,
    "notifications": 8204,
}


def choose_ports(wanted: Mapping[str, int], say: Callable[[str], None]) -> dict[str, int]:
    """Keep each wanted port when free; otherwise pick a free one and say so."""
    chosen: dict[str, int] = {}
    for name, port in wanted.items():
        if port == 0 or port_is_open(port):
            replacement = free_port()
            if port:
                say(f"port {port} for {name} is taken; using {replacement}")
            port = replacement
        chosen[name] = port
    return chosen


@dataclass
class ServiceProcess(ChildProcess):
    name: str
    env: dict[str, str]
    log_path: Path
    echo: TextIO | None
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = spawn(
            [sys.executable, "-m", f"peerline_{self.name}"],
            env=self.env,
            stdout=subprocess.PIPE,
        )
        threading.Thread(target=self._pump, daemon=True, name=f"log-{self.name}").start()

    def _pump(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        with self.log_path.open("ab") as log:
            for line in self.process.stdout:
                log.write(line)
                log.flush()
                if self.echo is not None:
                    self.echo.write(f"{self.name:>13} | {readable(line)}\n")
                    self.echo.flush()


def answers_ok(url: str, timeout: float = 1.0) -> bool:
    """A GET of `url` answers 200 (a health check); False when it fails or cannot connect."""
    try:
        return httpx.get(url, timeout=timeout).status_code == 200
    except httpx.HTTPError:
        return False


def readable(line: bytes) -> str:
    """`info message.triaged urgency=high …` from a JSON log line (raw text otherwise)."""
    try:
        record = orjson.loads(line)
    except orjson.JSONDecodeError:
        return line.decode(errors="replace").rstrip()
    if not isinstance(record, dict):
        return line.decode(errors="replace").rstrip()
    skip = {"event", "level", "timestamp", "service"}
    extras = " ".join(
        f"{key}={value}" for key, value in record.items() if key not in skip and value is not None
    )
    return f"{record.get('level', '?'):<7} {record.get('event', '')} {extras}"


ACTOR_KEY_HOLDERS = frozenset({"gateway", "notifications", "directory", "telegram"})
"""The gateway signs console actors; notifications, directory and telegram (alerts) verify them."""


@dataclass
class DevStack:
    var_dir: Path
    ports: dict[str, int]
    echo: TextIO | None = None
    extra_env: dict[str, str] = field(default_factory=dict)
    nats: NatsServer | None = None
    redis: RedisServer | None = None
    services: dict[str, ServiceProcess] = field(default_factory=dict)
    # Each process imports and connects in a few seconds; a loaded CI machine needs more.
    health_timeout_s: float = 120.0
    sync_always: bool = True
    """nats-server fsyncs every JetStream write (a kill -9 of the machine loses nothing
    acknowledged). False keeps nats-server's default (sync every 2 minutes): several times
    the throughput on a slow disk, for demos and benchmarks; tests and chaos keep True."""
    nats_url: str | None = None
    """NATS servers started elsewhere (a cluster's nodes, comma-separated); None starts one."""
    nats_passwords: dict[str, str] | None = None
    """With `nats_url`: each NATS identity's password on those servers (None: use the URL as
    it is). The NATS server this stack starts itself always has the identities, their
    passwords generated once into `<var>/nats/credentials.json`."""

    actor_key: str | None = None
    """The key the gateway signs console actors with (None: generated once into
    `<var>/secrets/actor_key`); only the services that sign or verify are given it."""

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.ports[service]}"

    def database_url(self, service: str) -> str:
        return f"sqlite+aiosqlite:///{self.var_dir / 'db' / f'{service}.sqlite'}"

    def start(self, services: tuple[str, ...] = SERVICES) -> None:
        for folder in ("db", "logs"):
            (self.var_dir / folder).mkdir(parents=True, exist_ok=True)
        if self.actor_key is None:
            self.actor_key = load_or_create_secret(self.var_dir / "secrets" / "actor_key")
        if self.nats_url is None:
            nats_dir = self.var_dir / "nats"
            passwords = load_or_create_passwords(nats_dir / "credentials.json")
            self.nats = NatsServer(port=self.ports["nats"], data_dir=nats_dir,
                                   sync_always=self.sync_always, passwords=passwords)
            self.nats.start()
        self.redis = RedisServer(port=self.ports["redis"], data_dir=self.var_dir / "redis")
        self.redis.start()
        self.migrate(services)
        for name in services:
            self.start_service(name)
        self.wait_healthy(services)

    def migrate(self, services: tuple[str, ...]) -> None:
        from importlib import import_module

        for name in services:
            cli = import_module(f"peerline_{name}.cli")
            migrations = getattr(cli, "MIGRATIONS", None)
            if migrations is not None:
                upgrade_to_head(migrations, self.database_url(name), cli.VERSION_TABLE)

    def add_console_account(
        self,
        login: str,
        password: str,
        alias: str,
        role: str = "consultant",
        consultant_id: str | None = None,
    ) -> None:
        """A console sign-in made the way an operator makes one: `peerline gateway account add`
        (the password through the environment, never on the command line)."""
        env = {**os.environ, "PEERLINE_DATABASE_URL": self.database_url("gateway"),
               "PEERLINE_NEW_ACCOUNT_PASSWORD": password}
        command = [str(Path(sys.executable).parent / "peerline"), "gateway", "account", "add",
                   "--login", login, "--alias", alias, "--role", role]
        if consultant_id is not None:
            command += ["--consultant-id", consultant_id]
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"peerline gateway account add failed: {done.stderr.strip()[-500:]}")

    def nats_url_for(self, identity: str) -> str:
        """The NATS servers with `identity`'s credentials (a service's name, or `admin`)."""
        if self.nats_url is None:
            assert self.nats is not None, "start the stack first"
            return self.nats.url_for(identity)
        if self.nats_passwords is None:
            return self.nats_url
        return with_credentials(self.nats_url, identity, self.nats_passwords[identity])

    def service_env(self, name: str) -> dict[str, str]:
        assert self.redis is not None
        env = {**os.environ, **self.extra_env}
        env.update(
            {
                "PEERLINE_NATS_URL": self.nats_url_for(name),
                "PEERLINE_REDIS_URL": self.redis.url,
                "PEERLINE_DATABASE_URL": self.database_url(name),
                f"PEERLINE_{name.upper()}_PORT": str(self.ports[name]),
                "PEERLINE_GATEWAY_PUBLIC_URL": self.url("gateway"),
                "PYTHONUNBUFFERED": "1",
            }
        )
        if name in ACTOR_KEY_HOLDERS and self.actor_key is not None:
            env["PEERLINE_ACTOR_KEY"] = self.actor_key
        return env

    def start_service(self, name: str) -> None:
        process = ServiceProcess(
            name, self.service_env(name), self.var_dir / "logs" / f"{name}.log", self.echo
        )
        process.start()
        self.services[name] = process

    def wait_healthy(self, services: tuple[str, ...], timeout: float | None = None) -> None:
        timeout = timeout or self.health_timeout_s
        deadline = time.monotonic() + timeout
        for name in services:
            while not self._healthy(name):
                process = self.services[name].process
                if process is not None and process.poll() is not None:
                    raise RuntimeError(
                        f"{name} exited with {process.returncode}; see {self.var_dir / 'logs'}"
                    )
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{name} not healthy after {timeout}s; see {self.var_dir / 'logs'}")
                time.sleep(0.2)

    def _healthy(self, name: str) -> bool:
        return answers_ok(f"{self.url(name)}/healthz")

    def stop(self) -> None:
        """The services side by side, then Redis and NATS (the services need them to stop)."""
        for process in self.services.values():
            process.ask_to_stop()
        for process in self.services.values():
            process.wait_stopped()
        servers: list[LocalServer | None] = [self.redis, self.nats]
        for server in servers:
            if server is not None:
                server.stop()
