"""`peerline gateway ...` commands."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import typer

from peerline_gateway.settings import GatewaySettings
from peerline_shared.audit_cli import Verify, add_audit_group
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
    role: str = typer.Option("consultant", help="consultant, supervisor, admin, or editor (posts only)"),
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


@account_app.command("reset-password")
def reset_account_password(
    login: str = typer.Option(..., help="the sign-in name"),
    password: str = typer.Option(
        ..., prompt=True, hide_input=True, confirmation_prompt=True, envvar="PEERLINE_NEW_ACCOUNT_PASSWORD"
    ),
) -> None:
    """Set a new password (the password rules apply) and end the account's console sessions."""
    from peerline_gateway.accounts.service import AccountProblem

    try:
        asyncio.run(_reset_password(login, password))
    except AccountProblem as problem:
        typer.echo(f"not changed: {problem}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"password of {login} changed; its console sessions have ended")


async def _reset_password(login: str, password: str) -> None:
    from redis.asyncio import Redis
    from sqlalchemy import select

    from peerline_gateway.accounts.models import Account
    from peerline_gateway.accounts.service import AccountProblem, reset_password
    from peerline_gateway.console.sessions import SessionStore
    from peerline_shared.db import create_engine, session_factory, unit_of_work

    settings = GatewaySettings()
    engine = create_engine(settings.database_url)
    try:
        async with unit_of_work(session_factory(engine)) as session:
            found = await session.execute(select(Account).where(Account.login == login))
            account = found.scalar_one_or_none()
            if account is None:
                raise AccountProblem(f"no account {login!r}")
            consultant_id = account.consultant_id
            await reset_password(session, consultant_id, password)
    finally:
        await engine.dispose()
    redis = Redis.from_url(settings.redis_url, decode_responses=True)
    try:
        await SessionStore(redis, 1, 1).end_all(consultant_id)
    finally:
        await redis.aclose()


def _posts_chain_check() -> Verify:
    from peerline_gateway.posts.audit import verify

    return verify


posts_app = typer.Typer(name="posts", help="Channel posts.", no_args_is_help=True)
app.add_typer(posts_app, name="posts")
posts_audit_app = add_audit_group(posts_app, help="The posts' tamper-evident content audit.",
                                  chain="content audit chain", verify=_posts_chain_check)
