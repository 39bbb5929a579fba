"""`peerline gateway ...` commands."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import typer

from peerline_gateway.settings import GatewaySettings
from peerline_shared.service_cli import add_service_commands

MIGRATIONS = Path(__file__).parent / "migrations"
VERSION_TABLE = "alembic_version_gateway"

app = typer.Typer(
    name="gateway", help="Web chat, consultant console, operator endpoints.", no_args_is_help=True
)
account_app = typer.Typer(help="Console accounts.", no_args_is_help=True)
app.add_typer(account_app, name="account")


def _app_factory(settings: GatewaySettings):  # type: ignore[no-untyped-def]
    from peerline_gateway.main import create_app

    return create_app(settings)


add_service_commands(
    app,
    settings_factory=GatewaySettings,
    app_factory=_app_factory,
    migrations_dir=MIGRATIONS,
    version_table=VERSION_TABLE,
)


@account_app.command("add")
def add_account(
    login: str = typer.Option(..., help="the sign-in name"),
    alias: str = typer.Option(..., help="the only name clients see"),
    role: str = typer.Option("consultant", help="consultant, supervisor or admin"),
    consultant_id: str = typer.Option("", help="the consultant's id in the directory (new one if empty)"),
    password: str = typer.Option(
        ..., prompt=True, hide_input=True, confirmation_prompt=True, envvar="PEERLINE_NEW_ACCOUNT_PASSWORD"
    ),
) -> None:
    """Create a console account (argon2id password hash)."""
    from peerline_gateway.accounts.service import AccountProblem

    chosen_id = uuid.UUID(consultant_id) if consultant_id else uuid.uuid4()
    try:
        created = asyncio.run(_create_account(chosen_id, login, password, alias, role))
    except AccountProblem as problem:
        typer.echo(f"not created: {problem}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"account {login} created for consultant {created}")


async def _create_account(
    consultant_id: uuid.UUID, login: str, password: str, alias: str, role: str
) -> uuid.UUID:
    from peerline_gateway.accounts.service import create_account
    from peerline_shared.db import create_engine, session_factory, unit_of_work

    engine = create_engine(GatewaySettings().database_url)
    try:
        async with unit_of_work(session_factory(engine)) as session:
            account = await create_account(
                session, consultant_id=consultant_id, login=login, password=password, alias=alias, role=role
            )
            return account.consultant_id
    finally:
        await engine.dispose()
