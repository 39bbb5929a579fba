"""The commands every service has: `serve` and `migrate`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

from peerline_shared.migrations import upgrade_to_head
from peerline_shared.settings import DatabaseSettings


def add_service_commands(
    app: typer.Typer,
    *,
    settings_factory: Callable[[], Any],
    app_factory: Callable[[Any], Any],
    migrations_dir: Path | None = None,
    version_table: str = "",
) -> None:
    @app.command("serve")
    def serve_command() -> None:
        """Run the service (settings from PEERLINE_* environment variables)."""
        from peerline_shared.runtime import run_service

        run_service(settings_factory, app_factory)

    if migrations_dir is None:
        return

    @app.command("migrate")
    def migrate_command() -> None:
        """Bring this service's tables to the latest schema (Alembic upgrade head).

        Reads PEERLINE_DATABASE_URL only: migrations run before the service's secrets exist.
        """
        upgrade_to_head(migrations_dir, DatabaseSettings().database_url, version_table)
        typer.echo(f"{version_table}: up to date")
