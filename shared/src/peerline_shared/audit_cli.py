"""`... audit verify`: the command each audit chain has (`peerline audit verify` for the
conversations, `peerline telegram alerts audit verify`, `peerline gateway posts audit verify`).

The chain is read in one snapshot (`db.snapshot`), so it can run against the live database:
records appended while it reads are not there for it, instead of showing as tampering."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from peerline_shared.audit_chain import ChainProblem

Verify = Callable[[AsyncSession], Awaitable[tuple[int, list[ChainProblem]]]]
LoadVerify = Callable[[], Verify]
"""Returns the chain's check, importing it then: a service's models load only when it runs."""


async def verify_database(database_url: str, verify: Verify) -> tuple[int, list[str]]:
    """(number of records, problems as text) of the chain `verify` reads at `database_url`."""
    from peerline_shared.db import create_engine, session_factory, snapshot

    engine = create_engine(database_url)
    try:
        async with snapshot(session_factory(engine)) as session:
            count, problems = await verify(session)
    finally:
        await engine.dispose()
    return count, [str(problem) for problem in problems]


def add_verify_command(group: typer.Typer, *, chain: str, verify: LoadVerify) -> None:
    """`verify` on `group`: prints "<chain> intact: N records", or each problem and exits 1.
    Reads PEERLINE_DATABASE_URL only, as `migrate` does: a check after a restore needs no
    secret."""

    @group.command("verify")
    def verify_command(
        database_url: str = typer.Option(None, "--database-url", help="default: PEERLINE_DATABASE_URL"),
    ) -> None:
        """Check every record's hash and link, and the head; name each edited, deleted or reordered one."""
        from peerline_shared.settings import DatabaseSettings

        url = database_url or DatabaseSettings().database_url
        count, problems = asyncio.run(verify_database(url, verify()))
        if problems:
            for problem in problems:
                typer.echo(problem, err=True)
            typer.echo(f"{chain} BROKEN: {len(problems)} problem(s) in {count} records", err=True)
            raise typer.Exit(code=1)
        typer.echo(f"{chain} intact: {count} records")


def add_audit_group(parent: typer.Typer, *, help: str, chain: str, verify: LoadVerify) -> typer.Typer:
    """An `audit` group on `parent` holding `verify` (`add_verify_command`): a group even with
    one command, so the command reads `... audit verify` everywhere."""
    group = typer.Typer(name="audit", help=help, no_args_is_help=True)

    @group.callback()
    def audit_group() -> None:
        pass

    parent.add_typer(group, name="audit")
    add_verify_command(group, chain=chain, verify=verify)
    return group
