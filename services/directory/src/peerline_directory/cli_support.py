"""What every directory CLI command shares: the database from settings, errors printed plainly."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import typer
from pydantic import ValidationError
from rich.console import Console
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from peerline_directory.errors import DirectoryError
from peerline_directory.settings import DirectorySettings
from peerline_shared.db import create_engine, session_factory
from peerline_shared.migrations import upgrade_to_head

MIGRATIONS = Path(__file__).parent / "migrations"
VERSION_TABLE = "alembic_version_directory"
T = TypeVar("T")
console = Console()
errors = Console(stderr=True)


def _ensure_sqlite_folder(database_url: str) -> None:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)


def with_sessions(work: Callable[[async_sessionmaker[AsyncSession]], Awaitable[T]]) -> T:
    """Run `work` against PEERLINE_DATABASE_URL, bringing the schema up to date first."""
    settings = DirectorySettings()
    _ensure_sqlite_folder(settings.database_url)
    upgrade_to_head(MIGRATIONS, settings.database_url, VERSION_TABLE)

    async def run() -> T:
        engine = create_engine(settings.database_url)
        try:
            return await work(session_factory(engine))
        finally:
            await engine.dispose()

    with reported_errors():
        return asyncio.run(run())
    raise AssertionError("unreachable")


@contextmanager
def reported_errors() -> Iterator[None]:
    try:
        yield
    except DirectoryError as problem:
        errors.print(f"[red]{problem.detail}[/red]")
        raise typer.Exit(1) from None
    except ValidationError as problem:
        for error in problem.errors():
            field = ".".join(str(part) for part in error["loc"]) or "input"
            errors.print(f"[red]{field}: {error['msg']}[/red]")
        raise typer.Exit(1) from None


def split_list(values: list[str] | None) -> list[str]:
    """`--lang uk,ru --lang en` -> ["uk", "ru", "en"]."""
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]
