"""CPU of notifications' hottest path: a batch of triaged messages applied in one transaction.

    uv run python bench/notifications_bench.py [--clients 300] [--batches 1,4,16,64] [--rounds 30]
    uv run python bench/notifications_bench.py --profile 64   # cProfile of batches of 64
    uv run python bench/notifications_bench.py --database postgresql   # 127.0.0.1:5432, trust
    uv run python bench/notifications_bench.py --database postgresql --opening 2   # 2 new clients a batch

In-process, on a database (a SQLite file, or a throwaway PostgreSQL database) built by the
service's own migrations: `on_triaged_batch` (the
consumer's handler) with a publisher that only counts, and a directory that always answers
(nobody on shift, so routing costs one transaction and no offers). The clients already have
open conversations, as in the end-to-end bench's steady state (`--opening N`: N events of each
batch open a conversation, each audited). Measures wall and CPU time per batch and per event,
how long each batch's transaction runs from its first statement to the end of its commit
(`lock_…`: SQLite's database lock; what the audit head was held for until 2026-12-04) and how
long it holds the audit head (`head_…`: PostgreSQL's row lock, taken last and only by a batch
that appends; `head_taken`: the share of batches that did), each with the share of a second it
would be held at 1,000 msg/s in batches of that size (`…_share_at_1000`; 1.0 would make it
the ceiling). Writes
bench/results/notifications.json (notifications-postgresql.json).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import pstats
import random
import statistics
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from throwaway_db import DATABASES, throwaway_database

from peerline_notifications import work, write_locks
from peerline_notifications.audit.models import AuditHead
from peerline_notifications.audit.repository import AuditRepository
from peerline_notifications.cli import MIGRATIONS, VERSION_TABLE
from peerline_notifications.conversations.handlers import on_triaged_batch
from peerline_notifications.db import serialise_sqlite_writes
from peerline_notifications.deps import Deps
from peerline_notifications.settings import NotificationsSettings
from peerline_shared.db import create_engine, session_factory
from peerline_shared.events import CandidatesFound, EventBase, FindCandidates, MessageTriaged, utc_now
from peerline_shared.i18n import Catalogue
from peerline_shared.logging import configure_logging
from peerline_shared.migrations import upgrade_to_head
from peerline_shared.privacy.pseudonym import client_pseudonym

RESULTS = Path(__file__).resolve().parent / "results"
TEXTS = ("потрібна допомога з терапією", "где взять шприцы?", "I need a lawyer", "дякую, чекаю")


class CountingPublisher:
    def __init__(self) -> None:
        self.count = 0

    async def publish_event(self, event: EventBase, subject: str) -> None:
        self.count += 1

    async def publish_events(self, events: Sequence[tuple[EventBase, str]]) -> None:
        self.count += len(events)

    async def publish_encoded(self, events: Sequence[tuple[EventBase, str, bytes]]) -> None:
        self.count += len(events)


class LockClock:
    """How long each triaged batch's transaction held its locks, until its commit returned:
    `held` from its first statement (what every write held the audit head for until
    2026-12-04, and SQLite's database lock from BEGIN IMMEDIATE still), `head` from the head's
    SELECT … FOR UPDATE (taken last, by the batches that append; None for those that did not).
    Wraps the service's functions for the run only; routing's transactions are not counted."""

    def __init__(self) -> None:
        self.held: list[float] = []
        self.head: list[float | None] = []
        self._head_at: float | None = None

    def install(self) -> None:
        lock_head, commit = AuditRepository.lock_head, work._commit

        async def timed_lock_head(repository: AuditRepository) -> AuditHead:
            self._head_at = self._head_at or time.perf_counter()
            return await lock_head(repository)

        async def timed_commit(deps: Deps, step: work.Step, scope: write_locks.WriteScope) -> work.Outcome:
            began, self._head_at = time.perf_counter(), None
            outcome = await commit(deps, step, scope)
            ended = time.perf_counter()
            if scope.kind == "clients":
                self.held.append(ended - began)
                self.head.append(ended - self._head_at if self._head_at else None)
            return outcome

        AuditRepository.lock_head = timed_lock_head  # type: ignore[method-assign]
        work._commit = timed_commit


class NobodyOnShift:
    async def find(self, query: FindCandidates) -> CandidatesFound | None:
        return CandidatesFound(candidates=(), supervisors=())


LOCK = LockClock()


def triaged(client: int | str) -> MessageTriaged:
    return MessageTriaged(
        message_event_id=uuid.uuid4(),
        received_at=utc_now(),
        client_id=client_pseudonym(b"notifications-bench", "web", str(client)),
        channel="web",
        text=random.choice(TEXTS),
        urgency="normal",
        message_urgency="normal",
        topics=("other",),
        lang="uk",
        confidence=0.9,  # type: ignore[arg-type]
    )


async def run(database: str, clients: int, batch_sizes: list[int], rounds: int,
              profile_size: int | None, opening: int = 0) -> dict[str, Any]:
    async with throwaway_database(database, "peerline-notifications-bench") as url:
        return await run_on(url, clients, batch_sizes, rounds, profile_size, opening)


async def run_on(url: str, clients: int, batch_sizes: list[int], rounds: int,
                 profile_size: int | None, opening: int = 0) -> dict[str, Any]:
    await asyncio.to_thread(upgrade_to_head, MIGRATIONS, url, VERSION_TABLE)  # runs its own loop
    engine = create_engine(url)
    serialise_sqlite_writes(engine)
    settings = NotificationsSettings(database_url=url)
    deps = Deps(sessions=session_factory(engine), publisher=CountingPublisher(), directory=NobodyOnShift(),
                settings=settings, catalogue=Catalogue.load("peerline_notifications"))
    try:
        for start in range(0, clients, 64):  # every client has an open conversation
            await on_triaged_batch(deps, [triaged(c) for c in range(start, min(start + 64, clients))])
            await deps.settle()
        if profile_size is not None:
            return await _profile(deps, clients, profile_size, rounds)
        return {f"batch_{size}": await _measure(deps, clients, size, rounds, opening) for size in batch_sizes}
    finally:
        await engine.dispose()


async def _measure(deps: Deps, clients: int, size: int, rounds: int, opening: int = 0) -> dict[str, float]:
    walls, cpus = [], []
    LOCK.held.clear()
    LOCK.head.clear()
    for _ in range(rounds):
        # `opening` of them from new clients: each opens a conversation, audited as `queued`.
        events = [triaged(f"new-{uuid.uuid4()}") for _ in range(min(opening, size))]
        events += [triaged(random.randrange(clients)) for _ in range(size - len(events))]
        wall, cpu = time.perf_counter(), time.process_time()
        await on_triaged_batch(deps, events)
        await deps.settle()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    wall_ms, cpu_ms = statistics.median(walls) * 1000, statistics.median(cpus) * 1000
    # The least CPU a batch took: what the code costs, less what other processes on a shared
    # machine add (cache misses, a core's other hyperthread); the median is what a run saw.
    least_ms = min(cpus) * 1000
    return {"wall_ms_p50": round(wall_ms, 2), "cpu_ms_p50": round(cpu_ms, 2),
            "cpu_ms_per_event": round(cpu_ms / size, 3), "cpu_ms_per_event_min": round(least_ms / size, 3),
            "events_per_cpu_second": round(size / cpu_ms * 1000), **_lock_figures(size)}


def _lock_figures(size: int) -> dict[str, float]:
    """The transaction's span (`lock_…`: the head's hold before 2026-12-04, SQLite's lock) and
    the head's hold now (`head_…`: over the batches that took it; `head_taken`: how many did);
    each with the share of a second it would be held at 1,000 msg/s in batches of this size."""
    held_ms = statistics.median(LOCK.held) * 1000
    heads = [held for held in LOCK.head if held is not None]
    taken = len(heads) / len(LOCK.head)
    head_ms = statistics.median(heads) * 1000 if heads else 0.0
    return {"lock_held_ms_p50": round(held_ms, 2), "lock_held_ms_p90": round(_p90(LOCK.held) * 1000, 2),
            "lock_share_at_1000": round(1000 / size * held_ms / 1000, 3),
            "head_taken": round(taken, 2), "head_held_ms_p50": round(head_ms, 2),
            "head_held_ms_p90": round(_p90(heads) * 1000, 2) if heads else 0.0,
            "head_share_at_1000": round(1000 / size * head_ms * taken / 1000, 3)}


def _p90(values: list[float]) -> float:
    return sorted(values)[int(len(values) * 0.9)]


async def _profile(deps: Deps, clients: int, size: int, rounds: int) -> dict[str, Any]:
    profiler = cProfile.Profile()
    profiler.enable()
    figures = await _measure(deps, clients, size, rounds)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
    return {f"batch_{size}_profiled": figures}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=300)
    parser.add_argument("--batches", default="1,4,16,64", help="batch sizes, comma-separated")
    parser.add_argument("--rounds", type=int, default=30, help="batches measured per size (median kept)")
    parser.add_argument("--database", choices=DATABASES, default="sqlite")
    parser.add_argument("--profile", type=int, default=None, metavar="SIZE", help="cProfile batches of SIZE")
    parser.add_argument("--opening", type=int, default=0, metavar="N",
                        help="N events of each batch from new clients (each appends an audit record)")
    args = parser.parse_args()
    sizes = [int(size) for size in args.batches.split(",")]
    LOCK.install()
    with open(os.devnull, "w") as nowhere:
        configure_logging("notifications", stream=nowhere)  # JSON lines, as the service writes them
        measured = run(args.database, args.clients, sizes, args.rounds, args.profile, args.opening)
        results = asyncio.run(measured)
    print(json.dumps(results, indent=1))
    if args.profile is None:
        RESULTS.mkdir(exist_ok=True)
        name = "notifications.json" if args.database == "sqlite" else f"notifications-{args.database}.json"
        (RESULTS / name).write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
