"""`peerline gateway ...` commands."""

from __future__ import annotations

from pathlib import Path

import typer

from peerline_directory.settings import DirectorySettings
from peerline_shared.service_cli import add_service_commands

MIGRATIONS = Path(__file__).parent / "migrations"
VERSION_TABLE = "alembic_version_directory"

app = typer.Typer(name="directory", help="Consultants, shifts, presence and help services.",
                  no_args_is_help=True)


def _app_factory(settings: DirectorySettings):  # type: ignore[no-untyped-def]
    from peerline_directory.main import create_app

    return create_app(settings)


add_service_commands(app, settings_factory=DirectorySettings, app_factory=_app_factory,
                     migrations_dir=MIGRATIONS, version_table=VERSION_TABLE)
