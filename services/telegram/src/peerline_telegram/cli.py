"""`peerline telegram ...` commands."""

from __future__ import annotations

import typer

app = typer.Typer(name="telegram", help="Peerline telegram service commands.", no_args_is_help=True)
