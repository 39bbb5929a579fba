"""`peerline telegram ...` commands."""

from __future__ import annotations

from pathlib import Path

import typer

from peerline_shared.audit_cli import Verify, add_audit_group
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


def _alerts_chain_check() -> Verify:
    from peerline_telegram.alerts.audit import verify

    return verify


alerts_app = typer.Typer(name="alerts", help="Bad-batch alerts to opted-in clients.", no_args_is_help=True)
app.add_typer(alerts_app, name="alerts")
alerts_audit_app = add_audit_group(alerts_app, help="The alerts' tamper-evident audit trail.",
                                   chain="alert audit chain", verify=_alerts_chain_check)
