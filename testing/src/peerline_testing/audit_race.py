"""An audit chain verified over and over while another thread keeps appending to it, as
`... audit verify` runs against a live database: each check must see the chain as of one
instant (head and records), never a record committed between its reads."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager

from sqlalchemy import Executable

from peerline_shared.audit_cli import Verify, verify_database
from peerline_shared.db import create_engine, session_factory, unit_of_work

Appender = Callable[[str], AbstractAsyncContextManager[Callable[[], Awaitable[None]]]]
"""Given the database's URL, opens what appends one record and commits (its own engine)."""


async def verify_while_appending(
    url: str, verify: Verify, appender: Appender, *, checks: int
) -> tuple[list[list[str]], int]:
    """(each check's problems, how many records the writer appended meanwhile). The writer,
    on its own thread and event loop, commits one record at a time until the last check is
    done; each check is the command's own (`verify_database`)."""
    stop, started = threading.Event(), threading.Event()
    appended = 0

    async def keep_appending() -> None:
        nonlocal appended
        async with appender(url) as append_one:
            while not stop.is_set():
                await append_one()
                appended += 1
                started.set()

    writer = asyncio.create_task(asyncio.to_thread(asyncio.run, keep_appending()))
    try:
        await asyncio.to_thread(started.wait, 60)
        problems = [(await verify_database(url, verify))[1] for _ in range(checks)]
    finally:
        stop.set()
        await writer
    return problems, appended


async def append_then_edit(url: str, appender: Appender, records: int, edit: Executable) -> None:
    """`records` appended as the service does, then `edit` (one record changed by hand, as by
    someone with the database's password) committed."""
    async with appender(url) as append_one:
        for _ in range(records):
            await append_one()
    engine = create_engine(url)
    try:
        async with unit_of_work(session_factory(engine)) as session:
            await session.execute(edit)
    finally:
        await engine.dispose()
