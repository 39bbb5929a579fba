"""`peerline notifications ...` commands, and `peerline audit ...` (the same audit commands)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import typer

from peerline_notifications.settings import NotificationsSettings
from peerline_shared.service_cli import add_service_commands

MIGRATIONS = Path(__file__).parent / "migrations"
VERSION_TABLE = "alembic_version_notifications"

app = typer.Typer(
    name="notifications", help="Shared queue, routing, SLA and audit log.", no_args_is_help=True
)
audit_app = typer.Typer(name="audit", help="The tamper-evident audit log.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")


@audit_app.callback()
def audit_group() -> None:
    """The tamper-evident audit log (a group even with one command: `peerline audit verify`)."""


def _app_factory(settings: NotificationsSettings):  # type: ignore[no-untyped-def]
    from peerline_notifications.main import create_app

    return create_app(settings)


add_service_commands(
    app,
    settings_factory=NotificationsSettings,
    app_factory=_app_factory,
    migrations_dir=MIGRATIONS,
    version_table=VERSION_TABLE,
)


async def _verify(database_url: str) -> tuple[int, list[str]]:
    from peerline_notifications.audit.verify import verify_stored_chain
    from peerline_shared.db import create_engine, session_factory

    engine = create_engine(database_url)
    try:
        async with session_factory(engine)() as session:
            count, problems = await verify_stored_chain(session)
    finally:
        await engine.dispose()
    return count, [str(problem) for problem in problems]


@audit_app.command("verify")
def verify_command(
    database_url: str = typer.Option(None, "--database-url", help="default: PEERLINE_DATABASE_URL"),
) -> None:
    """Check every audit record's hash and link; name each edited, deleted or reordered one."""
    url = database_url or NotificationsSettings().database_url
    count, problems = asyncio.run(_verify(url))
    if problems:
        for problem in problems:
            typer.echo(problem, err=True)
        typer.echo(f"audit chain BROKEN: {len(problems)} problem(s) in {count} records", err=True)
        raise typer.Exit(code=1)
    typer.echo(f"audit chain intact: {count} records")


async def _retention(settings: NotificationsSettings) -> None:
    from datetime import timedelta

    from peerline_notifications.privacy.service import apply_retention
    from peerline_notifications.work import Tx
    from peerline_shared.db import create_engine, session_factory, truncate_wal, unit_of_work
    from peerline_shared.events import utc_now

    engine = create_engine(settings.database_url)
    try:
        sessions = session_factory(engine)
        async with unit_of_work(sessions) as session:
            await apply_retention(
                Tx(session, utc_now()),
                timedelta(days=settings.message_retention_days),
                timedelta(days=settings.audit_retention_days),
            )
        await truncate_wal(sessions)
    finally:
        await engine.dispose()


@app.command("retention")
def retention_command() -> None:
    """Apply the retention policy once now (the running service also applies it hourly)."""
    settings = NotificationsSettings()
    asyncio.run(_retention(settings))
    typer.echo(
        f"message text older than {settings.message_retention_days:g} days purged; "
        f"audit records older than {settings.audit_retention_days:g} days pruned"
    )
