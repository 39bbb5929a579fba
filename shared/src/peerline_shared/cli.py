"""The `peerline` command: shared commands plus one sub-command group per installed service.

Services (and the development tools, for `peerline run`) register their Typer app or command
under the `peerline.commands` entry-point group, so this module never imports a service by
name (services and shared stay decoupled).
"""

from __future__ import annotations

import functools
from importlib.metadata import entry_points

import typer

from peerline_shared.logsummary import summarize_command
from peerline_shared.nats_identities import production_conf
from peerline_shared.privacy.cli import scrub_command

app = typer.Typer(name="peerline", help="Peerline helpline platform.", no_args_is_help=True)
app.command("scrub")(scrub_command)

logs_app = typer.Typer(name="logs", help="Read Peerline's JSON logs.", no_args_is_help=True)
logs_app.command("summarize")(summarize_command)
app.add_typer(logs_app, name="logs")

nats_app = typer.Typer(name="nats", help="Peerline's NATS users and permissions.", no_args_is_help=True)
app.add_typer(nats_app, name="nats")


@nats_app.command("identities-conf")
def identities_conf_command() -> None:
    """Print nats-server's users and permissions for production (one user per service; the
    passwords come from each node's environment): infra/nats/cluster/identities.conf."""
    typer.echo(production_conf(), nl=False)


@functools.cache
def peerline_app() -> typer.Typer:
    """The whole command: the shared commands and those of every installed package, each a
    command group (a Typer app) or a single command (`run`, from the development tools, which
    a production install does not have)."""
    for entry in entry_points(group="peerline.commands"):
        command = entry.load()
        if isinstance(command, typer.Typer):
            app.add_typer(command, name=entry.name)
        else:
            app.command(entry.name)(command)
    return app


def main() -> None:
    peerline_app()()
