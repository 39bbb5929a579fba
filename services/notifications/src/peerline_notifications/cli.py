"""`peerline notifications ...` commands, and `peerline audit ...` (the same audit commands)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import typer

from peerline_notifications.settings import NotificationsSettings
from peerline_shared.audit_cli import Verify, add_audit_group
from peerline_shared.service_cli import add_service_commands

MIGRATIONS = Path(__file__).parent / "migrations"
VERSION_TABLE = "alembic_version_notifications"

app = typer.Typer(
    name="notifications", help="Shared queue, routing, SLA and audit log.", no_args_is_help=True
)


def _conversations_chain_check() -> Verify:
    from peerline_notifications.audit.verify import verify_stored_chain

    return verify_stored_chain


audit_app = add_audit_group(app, help="The tamper-evident audit log.", chain="audit chain",
                            verify=_conversations_chain_check)


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
