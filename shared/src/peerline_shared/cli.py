"""The `peerline` command: shared commands plus one sub-command group per installed service.

Services register their Typer app under the `peerline.commands` entry-point group, so this
module never imports a service by name (services and shared stay decoupled).
"""

from __future__ import annotations

from importlib.metadata import entry_points

import typer

from peerline_shared.logsummary import summarize_command
from peerline_shared.privacy.cli import scrub_command
from peerline_shared.run_command import run_command

app = typer.Typer(name="peerline", help="Peerline helpline platform.", no_args_is_help=True)
app.command("scrub")(scrub_command)
app.command("run")(run_command)

logs_app = typer.Typer(name="logs", help="Read Peerline's JSON logs.", no_args_is_help=True)
logs_app.command("summarize")(summarize_command)
app.add_typer(logs_app, name="logs")


def _mount_service_commands() -> None:
    for entry in entry_points(group="peerline.commands"):
        sub_app = entry.load()
        app.add_typer(sub_app, name=entry.name)


def main() -> None:
    _mount_service_commands()
    app()
