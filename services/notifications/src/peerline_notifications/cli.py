"""`peerline notifications ...` commands."""

from __future__ import annotations

from pathlib import Path

import typer

from peerline_notifications.settings import NotificationsSettings
from peerline_shared.service_cli import add_service_commands

MIGRATIONS = Path(__file__).parent / "migrations"
VERSION_TABLE = "alembic_version_notifications"

app = typer.Typer(name="notifications", help="Shared queue, routing, SLA and audit log.",
                  no_args_is_help=True)


def _app_factory(settings: NotificationsSettings):  # type: ignore[no-untyped-def]
    from peerline_notifications.main import create_app

    return create_app(settings)


add_service_commands(app, settings_factory=NotificationsSettings, app_factory=_app_factory,
                     migrations_dir=MIGRATIONS, version_table=VERSION_TABLE)
