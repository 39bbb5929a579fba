"""Costs that must stay flat as the queue grows: the SLA tick and the console's queue page.

    uv run python bench/queue_bench.py [--sizes 100,10000] [--consultants 200] [--rounds 20]
    uv run python bench/queue_bench.py --database postgresql   # PostgreSQL at 127.0.0.1:5432/test

In-process, on a database built by the service's own migrations, seeded with N open
conversations (half waiting in the queue, offered and told their place; half held by the
consultants on shift, replied to recently) and two client messages each. Measures, median of
`--rounds` (`*_cpu_ms`: this process's CPU time for the same, median too):

- `sla_tick_ms`: `sla.service.tick` in the steady state (nothing due: what every 2-second tick
  costs); `sla_first_tick_ms`: a new leader's first tick, which schedules every open
  conversation once; `sla_full_read_ms`: what the tick did before `due_at` (read every open
  conversation and ask `decide` about each), for comparison;
- `queue_page_ms`: the queue RPC's work for a consultant (500 rows, previews, need-to-know,
  the counts by state);
  `queue_page_per_row_ms`: the same rows with one preview query per row, as before.

Writes bench/results/queue.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

from seed_conversations import seed
from throwaway_db import DATABASES, throwaway_database

from peerline_notifications.cli import MIGRATIONS, VERSION_TABLE
from peerline_notifications.conversations import reading
from peerline_notifications.db import serialise_sqlite_writes
from peerline_notifications.deps import Deps
from peerline_notifications.domain.sla import decide
from peerline_notifications.settings import NotificationsSettings
from peerline_notifications.sla.service import tick
from peerline_notifications.storage.repository import ConversationRepository
from peerline_shared.db import create_engine, session_factory
from peerline_shared.events import (
    Actor,
    CandidatesFound,
    EventBase,
    FindCandidates,
    ListQueue,
    ListSpecialists,
    SpecialistsListed,
)
from peerline_shared.i18n import Catalogue
from peerline_shared.logging import configure_logging
from peerline_shared.migrations import upgrade_to_head

RESULTS = Path(__file__).resolve().parent / "results"


class CountingPublisher:
    async def publish_event(self, event: EventBase, subject: str) -> None:
        return None

    async def publish_events(self, events: Sequence[tuple[EventBase, str]]) -> None:
        return None

    async def publish_encoded(self, events: Sequence[tuple[EventBase, str, bytes]]) -> None:
        return None


class Directory:
    async def find(self, query: FindCandidates) -> CandidatesFound | None:
        return CandidatesFound(candidates=(), supervisors=())

    async def languages_of(self, consultant_id: uuid.UUID) -> frozenset[str]:
        return frozenset({"uk", "ru"})

    async def specialists(self, query: ListSpecialists) -> SpecialistsListed | None:
        return SpecialistsListed()  # the reader is no specialist


async def _median_ms(work: Callable[[], Awaitable[object]], rounds: int,
                     clock: Callable[[], float] = time.perf_counter) -> float:
    """Median over `rounds` by `clock`: wall time, or `time.process_time` for this process's
    CPU time (the event loop and aiosqlite's thread; not PostgreSQL's), which a loaded machine
    inflates least."""
    spent = []
    for _ in range(rounds):
        started = clock()
        await work()
        spent.append(clock() - started)
    return round(statistics.median(spent) * 1000, 2)


async def measure(url: str, size: int, consultants: int, rounds: int) -> dict[str, Any]:
    await asyncio.to_thread(upgrade_to_head, MIGRATIONS, url, VERSION_TABLE)
    engine = create_engine(url)
    serialise_sqlite_writes(engine)
    settings = NotificationsSettings(database_url=url)
    deps = Deps(sessions=session_factory(engine), publisher=CountingPublisher(), directory=Directory(),
                settings=settings, catalogue=Catalogue.load("peerline_notifications"))
    people = [uuid.uuid4() for _ in range(consultants)]
    await seed(engine, size, people)
    try:
        return await _figures(deps, people, rounds)
    finally:
        await engine.dispose()


async def _figures(deps: Deps, people: list[uuid.UUID], rounds: int) -> dict[str, Any]:
    started, cpu = time.perf_counter(), time.process_time()
    await tick(deps)  # a new leader: schedules every open conversation once
    first_tick = round((time.perf_counter() - started) * 1000, 2)
    first_tick_cpu = round((time.process_time() - cpu) * 1000, 2)
    reader = Actor(consultant_id=people[0], alias="Peer", role="consultant")
    policy = deps.settings.sla_policy()

    async def full_read() -> None:
        async with deps.readers() as session:
            for watch in await ConversationRepository(session).list_open_watches():
                decide(watch, deps.clock(), policy)

    async def per_row_previews() -> None:
        async with deps.readers() as session:
            conversations = ConversationRepository(session)
            for row in await conversations.list_queue():
                await conversations.last_client_message(row.id)

    def page() -> Awaitable[object]:
        return reading.queue_for(deps, ListQueue(actor=reader))

    return {
        "sla_first_tick_ms": first_tick,
        "sla_first_tick_cpu_ms": first_tick_cpu,
        "sla_tick_ms": await _median_ms(lambda: tick(deps), rounds),
        "sla_tick_cpu_ms": await _median_ms(lambda: tick(deps), rounds, time.process_time),
        "sla_full_read_ms": await _median_ms(full_read, rounds),
        "queue_page_ms": await _median_ms(page, rounds),
        "queue_page_cpu_ms": await _median_ms(page, rounds, time.process_time),
        "queue_page_per_row_ms": await _median_ms(per_row_previews, rounds),
    }


async def run(database: str, sizes: list[int], consultants: int, rounds: int) -> dict[str, Any]:
    results: dict[str, Any] = {"database": database, "consultants": consultants}
    for size in sizes:
        async with throwaway_database(database, "peerline-queue-bench") as url:
            results[f"open_{size}"] = await measure(url, size, consultants, rounds)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="100,10000", help="open conversations, comma-separated")
    parser.add_argument("--consultants", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--database", choices=DATABASES, default="sqlite")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    with open(os.devnull, "w") as nowhere:
        configure_logging("notifications", stream=nowhere)
        results = asyncio.run(run(args.database, sizes, args.consultants, args.rounds))
    print(json.dumps(results, indent=1))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"queue-{args.database}.json").write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
