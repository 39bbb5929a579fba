"""`peerline telegram ...` commands."""

from __future__ import annotations

import asyncio
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

alerts_app = typer.Typer(name="alerts", help="Bad-batch alerts to opted-in clients.", no_args_is_help=True)
alerts_audit_app = typer.Typer(name="audit", help="The alerts' tamper-evident audit trail.",
                               no_args_is_help=True)
app.add_typer(alerts_app, name="alerts")
alerts_app.add_typer(alerts_audit_app, name="audit")


@alerts_audit_app.callback()
def alerts_audit_group() -> None:
    """The alerts' audit trail (a group even with one command: `peerline telegram alerts audit verify`)."""


async def _verify(database_url: str) -> tuple[int, list[str]]:
    from peerline_shared.db import create_engine, session_factory
    from peerline_telegram.alerts import audit

    engine = create_engine(database_url)
    try:
        async with session_factory(engine)() as session:
            count, problems = await audit.verify(session)
    finally:
        await engine.dispose()
    return count, [str(problem) for problem in problems]


@alerts_audit_app.command("verify")
def verify_command(
    database_url: str = typer.Option(None, "--database-url", help="default: PEERLINE_DATABASE_URL"),
) -> None:
    """Check every alert audit record's hash and link; name each edited, deleted or reordered one."""
    url = database_url or TelegramSettings().database_url
    count, problems = asyncio.run(_verify(url))
    if problems:
        for problem in problems:
            typer.echo(problem, err=True)
        typer.echo(f"alert audit chain BROKEN: {len(problems)} problem(s) in {count} records", err=True)
        raise typer.Exit(code=1)
    typer.echo(f"alert audit chain intact: {count} records")
