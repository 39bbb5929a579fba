"""`peerline directory import|export|search`: the directory of help services from the shell."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from peerline_directory.cli_support import console, errors, reported_errors, with_sessions
from peerline_directory.domain.helpservices import HelpServiceRecord
from peerline_directory.helpservices import formats, service
from peerline_directory.helpservices.repository import HelpServiceRepository
from peerline_directory.helpservices.service import ImportSummary
from peerline_shared.db import unit_of_work
from peerline_shared.events import HelpServicesFound, SearchHelpServices, utc_now
from peerline_shared.events.directory import HelpServiceKind

Sessions = async_sessionmaker[AsyncSession]
MAX_ERRORS_SHOWN = 200


def import_command(
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="a .csv or .yaml file")],
    replace: Annotated[bool, typer.Option(help="remove entries not in this file")] = False,
    dry_run: Annotated[bool, typer.Option(help="validate only")] = False,
) -> None:
    """Import help services: every line is checked first; any error and nothing is imported."""
    with reported_errors():
        try:
            fmt = formats.format_of(path.name)
        except ValueError as problem:
            raise typer.BadParameter(str(problem)) from None
    validated = formats.read(path.read_bytes(), fmt)
    if not validated.ok:
        for error in validated.errors[:MAX_ERRORS_SHOWN]:
            errors.print(f"[red]{path.name}: {error}[/red]")
        errors.print(f"{len(validated.errors)} error(s); nothing imported. Fix them and run again.")
        raise typer.Exit(1)
    if dry_run:
        console.print(f"{len(validated.records)} entries are valid (dry run: nothing imported)")
        return
    summary = with_sessions(lambda sessions: _store(sessions, validated.records, replace))
    console.print(f"imported {path.name}: {summary.created} added, {summary.updated} updated")


async def _store(sessions: Sessions, records: tuple[HelpServiceRecord, ...],
                 replace: bool) -> ImportSummary:
    columns = (TextColumn("importing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, disable=len(records) < 100) as progress:
        task = progress.add_task("import", total=len(records))
        async with unit_of_work(sessions) as session:
            return await service.import_records(
                HelpServiceRepository(session), records, utc_now(), replace=replace,
                progress=lambda done: progress.advance(task, done))


def export_command(
    path: Annotated[Path | None, typer.Argument(help=".csv or .yaml; none = stdout")] = None,
    fmt: Annotated[formats.Format, typer.Option("--format", help="when writing to stdout")] = "csv",
) -> None:
    """Export every help service (the file re-imports as it is: ids keep entries matched)."""
    async def work(sessions: Sessions) -> list[HelpServiceRecord]:
        async with sessions() as session:
            return await service.export_records(HelpServiceRepository(session))

    records = with_sessions(work)
    if path is None:
        sys.stdout.write(formats.write(records, fmt))
        return
    with reported_errors():
        try:
            fmt = formats.format_of(path.name)
        except ValueError as problem:
            raise typer.BadParameter(str(problem)) from None
    path.write_text(formats.write(records, fmt), encoding="utf-8")
    console.print(f"exported {len(records)} entries to {path}")


def search_command(
    text: Annotated[str, typer.Argument(help="free text in uk / ru / en")] = "",
    kind: Annotated[HelpServiceKind | None, typer.Option(help="ost, hiv, shelter, …")] = None,
    country: Annotated[str | None, typer.Option(help="ISO code, e.g. UA")] = None,
    city: Annotated[str | None, typer.Option()] = None,
    lang: Annotated[str | None, typer.Option(help="uk, ru or en")] = None,
    limit: Annotated[int, typer.Option(min=1, max=50)] = 10,
) -> None:
    """Search help services, best match first; stale entries are marked."""
    with reported_errors():
        query = SearchHelpServices.model_validate({"text": text, "kind": kind, "country": country,
                                                   "city": city, "lang": lang, "limit": limit})

    async def work(sessions: Sessions) -> HelpServicesFound:
        async with sessions() as session:
            return await service.search(HelpServiceRepository(session), query, utc_now().date())

    table = Table("name", "kinds", "place", "languages", "verified", "notes")
    for item in with_sessions(work).items:
        verified = f"{item.last_verified or 'never'}{' ⚠ stale' if item.stale else ''}"
        name = f"{item.name}{' (example)' if item.is_example else ''}"
        table.add_row(name, ",".join(item.kinds), f"{item.city}, {item.country}",
                      ",".join(item.languages), verified, item.notes[:80])
    console.print(table)
