"""Reports on a year of data: how long notifications takes to compute `peerline report`.

Seeds N days of synthetic conversations (default 365 x 1,000, each with a few messages and
some transfers) into a fresh, migrated notifications database, then times the report by
month and by week (median of a few runs, hours on shift not asked). Also used by the browser
test to fill a running system with a year to chart (`--seed-only`).

    uv run python bench/reports_bench.py                       # SQLite in a temporary folder
    uv run python bench/reports_bench.py --database-url postgresql+asyncpg://127.0.0.1/test
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import insert

from peerline_notifications.audit.models import AuditEntry
from peerline_notifications.cli import MIGRATIONS, VERSION_TABLE
from peerline_notifications.domain.reports import local_day
from peerline_notifications.reports.cli import OPERATOR
from peerline_notifications.reports.service import ReportPolicy, make_report
from peerline_notifications.shift_hours import NoShiftHours
from peerline_notifications.storage.models import Conversation, Message
from peerline_shared.db import create_engine, session_factory
from peerline_shared.events import CHANNELS, TOPICS, URGENCY_ORDER, GetReport
from peerline_shared.events.vocabulary import LANGS
from peerline_shared.migrations import upgrade_to_head

REGIONS = ("UA-46", "UA-32", "UA-63", "UA-51", "UA-12", "UA-30")
COUNTRIES = ("UA",) * 8 + ("PL", "DE", None)
ZONE = ZoneInfo("Europe/Kyiv")
CONSULTANTS = [(uuid.UUID(int=1000 + n), f"Consultant {n}") for n in range(12)]


def _conversation(rng: random.Random, at: datetime, clients: int, messages: int) -> dict[str, object]:
    country = rng.choice(COUNTRIES)
    urgency = rng.choices(URGENCY_ORDER, weights=(5, 15, 60, 20))[0]
    consultant = rng.choice(CONSULTANTS) if rng.random() < 0.9 else (None, None)
    return {
        "id": uuid.uuid4(),
        "client_id": f"bench-{rng.randrange(clients)}",
        "channel": rng.choice(CHANNELS),
        "lang": rng.choice(LANGS),
        "state": "closed",
        "urgency": urgency,
        "topics": rng.sample(TOPICS, rng.choice((1, 1, 2))),
        "signals": [],
        "consultant_id": consultant[0],
        "consultant_alias": consultant[1],
        "outcomes": rng.sample(("info_given", "referred", "resolved"), 1),
        "version": 1,
        "created_at": at,
        "opened_on": local_day(at, ZONE),
        "waiting_since": at,
        "updated_at": at,
        "closed_at": at + timedelta(hours=1),
        "escalation_level": 0,
        "offered_to": [],
        "sla_breached": rng.random() < 0.05,
        "after_hours_sent_at": at if rng.random() < 0.2 else None,
        "triage_corrected_at": at if rng.random() < 0.03 else None,
        "client_country": country,
        "client_region": rng.choice(REGIONS) if country == "UA" else None,
        "returning_client": rng.random() < 0.6,
        "first_aid_sent": urgency == "emergency",
        "first_reply_s": rng.randrange(5, 1800) if consultant[0] else None,
        "client_messages": (messages + 1) // 2,
        "consultant_messages": messages // 2 if consultant[0] else 0,
    }


def _messages(conversation: dict[str, object], count: int) -> list[dict[str, object]]:
    at = conversation["created_at"]
    assert isinstance(at, datetime)
    return [
        {
            "id": uuid.uuid4(),
            "conversation_id": conversation["id"],
            "author": ("client", "consultant")[n % 2],
            "author_alias": None,
            "text": None,
            "at": at + timedelta(minutes=n),
        }
        for n in range(count)
    ]


async def seed(url: str, first: date, days: int, per_day: int, messages_each: int, audit: bool = True) -> int:
    rng = random.Random(19)
    engine = create_engine(url)
    sequence = int(time.time() * 1000) % 10**9  # past any audit record a running system holds
    try:
        for day in range(days):
            start = datetime.combine(first + timedelta(days=day), datetime.min.time(), UTC)
            rows = [
                _conversation(
                    rng, start + timedelta(seconds=rng.randrange(86_400)), per_day * 120, messages_each
                )
                for _ in range(per_day)
            ]
            transfers = [
                {
                    "sequence": sequence + n,
                    "actor_id": "bench",
                    "actor_alias": "bench",
                    "action": "transferred",
                    "conversation_id": row["id"],
                    "at": row["created_at"],
                    "before": {},
                    "after": {},
                    "previous_hash": "-",
                    "record_hash": uuid.uuid4().hex + uuid.uuid4().hex,
                }
                for n, row in enumerate(rows[: per_day // 20 if audit else 0])
            ]
            sequence += len(transfers)
            async with session_factory(engine)() as session, session.begin():
                await session.execute(insert(Conversation), rows)
                await session.execute(
                    insert(Message), [m for row in rows for m in _messages(row, messages_each)]
                )
                if transfers:
                    await session.execute(insert(AuditEntry), transfers)
    finally:
        await engine.dispose()
    return days * per_day


async def time_report(url: str, first: date, last: date, by: str, runs: int) -> tuple[float, float, int]:
    """Median wall seconds and median CPU seconds of this process (SQLite works in its
    thread; on a shared machine CPU time says what the report costs, wall time what it took)."""
    engine = create_engine(url)
    query = GetReport(actor=OPERATOR, first_day=first, last_day=last, by=by)  # type: ignore[arg-type]
    policy = ReportPolicy(5, ZONE)
    timings, cpu = [], []
    try:
        for _ in range(runs):
            began, began_cpu = time.perf_counter(), time.process_time()
            async with session_factory(engine)() as session:
                report = await make_report(session, query, policy, NoShiftHours())
            timings.append(time.perf_counter() - began)
            cpu.append(time.process_time() - began_cpu)
    finally:
        await engine.dispose()
    contacts = next(line for line in report.lines if line.section == "contacts")
    return statistics.median(timings), statistics.median(cpu), contacts.total or 0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temporary folder")
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--per-day", type=int, default=1000)
    parser.add_argument("--messages", type=int, default=6, help="messages per conversation")
    parser.add_argument("--first-day", type=date.fromisoformat, default=date(2025, 12, 1))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed-only", action="store_true", help="seed an existing, migrated database")
    parser.add_argument("--time-only", action="store_true", help="time the report on a seeded database")
    parser.add_argument(
        "--no-audit", action="store_true", help="no transfers (a running system's audit chain)"
    )
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="peerline-reports-bench-")
    url = args.database_url or f"sqlite+aiosqlite:///{Path(folder) / 'notifications.sqlite'}"
    if args.time_only:
        _time(url, args.first_day, args.days, args.runs)
        return
    if not args.seed_only:
        upgrade_to_head(MIGRATIONS, url, VERSION_TABLE)
    began = time.perf_counter()
    seeded = asyncio.run(seed(url, args.first_day, args.days, args.per_day, args.messages, not args.no_audit))
    print(f"seeded {seeded} conversations in {time.perf_counter() - began:.1f} s", file=sys.stderr)
    if args.seed_only:
        return
    _time(url, args.first_day, args.days, args.runs)


def _time(url: str, first: date, days: int, runs: int) -> None:
    last = first + timedelta(days=days - 1)
    for by in ("month", "week"):
        seconds, cpu, contacts = asyncio.run(time_report(url, first, last, by, runs))
        print(
            f"report by {by}: {seconds:.2f} s wall, {cpu:.2f} s CPU (medians of {runs}), "
            f"{contacts} contacts, {url.split(':', 1)[0]}, load average {os.getloadavg()[0]:.1f}"
        )


if __name__ == "__main__":
    main()
