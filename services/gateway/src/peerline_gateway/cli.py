"""`peerline gateway ...` commands."""

from __future__ import annotations

from pathlib import Path

import typer

from peerline_gateway.settings import GatewaySettings
from peerline_shared.service_cli import add_service_commands

MIGRATIONS = Path(__file__).parent / "migrations"
VERSION_TABLE = "alembic_version_gateway"

app = typer.Typer(name="gateway", help="Web chat, consultant console, operator endpoints.",
                  no_args_is_help=True)


def _app_factory(settings: GatewaySettings):  # type: ignore[no-untyped-def]
    from peerline_gateway.main import create_app

    return create_app(settings)


add_service_commands(app, settings_factory=GatewaySettings, app_factory=_app_factory,
                     migrations_dir=MIGRATIONS, version_table=VERSION_TABLE)
