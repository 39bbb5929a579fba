"""`peerline telegram ...` commands."""

from __future__ import annotations

from pathlib import Path

import typer

from peerline_shared.service_cli import add_service_commands
from peerline_telegram.settings import TelegramSettings

MIGRATIONS = Path(__file__).parent / "migrations"
VERSION_TABLE = "alembic_version_telegram"

app = typer.Typer(name="telegram", help="Telegram adapter (aiogram bot).", no_args_is_help=True)


def _app_factory(settings: TelegramSettings):  # type: ignore[no-untyped-def]
    from peerline_telegram.main import create_app

    return create_app(settings)


add_service_commands(app, settings_factory=TelegramSettings, app_factory=_app_factory,
                     migrations_dir=MIGRATIONS, version_table=VERSION_TABLE)
