"""`peerline telegram ...` commands."""

from __future__ import annotations

from pathlib import Path

import typer

from peerline_shared.audit_cli import add_verify_command
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

alerts_app = typer.Typer(name="alerts", help="Bad-batch alerts to opted-in clients.", no_args_is_help=True)
alerts_audit_app = typer.Typer(name="audit", help="The alerts' tamper-evident audit trail.",
                               no_args_is_help=True)
app.add_typer(alerts_app, name="alerts")
alerts_app.add_typer(alerts_audit_app, name="audit")


@alerts_audit_app.callback()
def alerts_audit_group() -> None:
    """The alerts' audit trail (a group even with one command: `peerline telegram alerts audit verify`)."""


def _alerts_chain():  # type: ignore[no-untyped-def]
    from peerline_telegram.alerts import audit

    return audit.verify


add_verify_command(alerts_audit_app, chain="alert audit chain", verify=_alerts_chain)
