"""`peerline run`: start the whole helpline on this machine until Ctrl-C."""

from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path

import typer

from peerline_devtools.devstack import DEFAULT_PORTS, DevStack, choose_ports
from peerline_devtools.localservers import missing_local_server_wheels
from peerline_shared import dev


def run_command(
    var_dir: Path = typer.Option(Path("var"), help="data folder (NATS, Redis, SQLite, logs)"),
    gateway_port: int = typer.Option(DEFAULT_PORTS["gateway"], envvar="PEERLINE_GATEWAY_PORT"),
    nats_port: int = typer.Option(DEFAULT_PORTS["nats"], envvar="PEERLINE_DEV_NATS_PORT"),
    redis_port: int = typer.Option(DEFAULT_PORTS["redis"], envvar="PEERLINE_DEV_REDIS_PORT"),
) -> None:
    """Start nats-server, redis-server and every service; Ctrl-C stops everything."""
    missing = missing_local_server_wheels()
    if missing:
        typer.secho(
            f"could not start: `peerline run` needs the development wheels {' and '.join(missing)}, "
            "which run the local NATS and Redis; this is an install without the dev group "
            "(a production image?). Run `make venv` (uv sync --all-packages) first.",
            fg="red",
            err=True,
        )
        raise typer.Exit(1)
    wanted = {**DEFAULT_PORTS, "gateway": gateway_port, "nats": nats_port, "redis": redis_port}
    ports = choose_ports(wanted, lambda text: typer.secho(text, fg="yellow"))
    stack = DevStack(var_dir.resolve(), ports, echo=sys.stdout)
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    try:
        stack.start()
        _banner(stack)
        stopping.wait()
    except KeyboardInterrupt:
        pass
    except RuntimeError as problem:
        typer.secho(f"could not start: {problem}", fg="red", err=True)
        raise typer.Exit(1) from None
    finally:
        typer.echo("stopping…")
        stack.stop()


def _banner(stack: DevStack) -> None:
    gateway = stack.url("gateway")
    typer.secho(
        "\n  Peerline is running\n"
        f"    web chat:  {gateway}/\n"
        f"    console:   {gateway}/console   (login {dev.DEMO_LOGIN} / {dev.DEMO_PASSWORD})\n"
        f"               second factor: `uv run peerline demo-code` prints the code, or add the\n"
        f"               secret {dev.DEMO_TOTP_SECRET} to an authenticator app (development only)\n"
        f"    health:    {gateway}/healthz\n"
        f"    logs:      {stack.var_dir / 'logs'}\n"
        f"    nats:      {stack.nats.address if stack.nats else stack.nats_url}   (one user per service; "
        f"passwords in {stack.var_dir / 'nats' / 'credentials.json'})\n"
        "  Ctrl-C stops everything.\n",
        fg="green",
    )
