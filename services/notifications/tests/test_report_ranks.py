"""The reply-time figures the database computes (`ReportRepository.reply_ranks`: window sums
over each period's histogram) equal the Python definition (`Histogram.ranks`) on the same rows,
on SQLite and PostgreSQL: random weeks and months with ties, empty periods, one reply, odd and
even counts."""

from __future__ import annotations

import bisect
import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from peerline_notifications.domain import reports as rules
from peerline_notifications.reports.repository import ReportRepository
from peerline_notifications.storage.models import Conversation
from peerline_shared.db import session_factory, unit_of_work

from .report_seed import KYIV, OLENA, Seed, _conversation

FIRST_DAY, DAYS = date(2026, 9, 1), 120


def _seeds(rng: random.Random) -> list[Seed]:
    """Replies on random days of the span, in bursts of random size: few distinct values (ties)
    or many, some conversations never answered, some days just outside the span."""
    seeds = []
    for _ in range(rng.randrange(5, 40)):
        day = FIRST_DAY + timedelta(days=rng.randrange(-3, DAYS + 3))
        spread = rng.choice((3, 60, 5000))
        for _ in range(rng.choice((1, 2, 7, 70, rng.randrange(1, 120)))):
            at = datetime.combine(day, datetime.min.time(), UTC) + timedelta(seconds=rng.randrange(86_400))
            answered = rng.random() < 0.9
            seeds.append(Seed(at=at, consultant=OLENA if answered else None,
                              first_reply_s=rng.randrange(spread) if answered else None))
    return seeds


async def _python_reference(repository: ReportRepository, engine: AsyncEngine) -> list[rules.ReplyRanks]:
    """Every row read into Python, put in its period by its day, ranked by `Histogram`."""
    starts = rules.first_days(repository.periods, KYIV)
    histograms: list[Counter[int]] = [Counter() for _ in repository.periods]
    seconds = Conversation.first_reply_s
    query = select(Conversation.opened_on, seconds).where(seconds.is_not(None))
    async with session_factory(engine)() as session:
        for day, seconds in (await session.execute(query)).all():
            if starts[0] <= day < starts[-1]:
                histograms[bisect.bisect_right(starts, day) - 1][seconds] += 1
    return [rules.Histogram(counts).ranks() for counts in histograms]


@pytest.mark.parametrize("case", range(4))
async def test_the_database_ranks_replies_as_the_python_definition_does(
    any_engine: AsyncEngine, case: int
) -> None:
    rng = random.Random(1900 + case)
    seeds = _seeds(rng)
    async with unit_of_work(session_factory(any_engine)) as session:
        session.add_all(_conversation(number, seed) for number, seed in enumerate(seeds))
    for by in ("week", "month"):
        periods = rules.periods(FIRST_DAY, FIRST_DAY + timedelta(days=DAYS - 1), by, KYIV, 60)  # type: ignore[arg-type]
        async with session_factory(any_engine)() as session:
            repository = ReportRepository(session, periods, KYIV)
            in_sql = await repository.reply_ranks()
        reference = await _python_reference(repository, any_engine)
        assert in_sql == reference
        assert any(ranks.answered == 0 for ranks in reference) or by == "month"
        assert [rules.reply_times(r, 5) for r in in_sql] == [rules.reply_times(r, 5) for r in reference]


def test_the_ranks_counted_by_hand() -> None:
    """70 replies of 0 to 69 s: the middle ranks are the 35th and 36th (34 and 35 s, median
    34.5), the P90 rank the 63rd (62 s); 7 replies: the 4th twice, and the 7th (ceil(6.3))."""
    seventy = rules.Histogram({second: 1 for second in range(70)}).ranks()
    assert seventy == rules.ReplyRanks(70, 34, 35, 62)
    assert rules.reply_times(seventy, 5).median_s == 34.5
    assert rules.Histogram({1: 3, 9: 3, 50: 1}).ranks() == rules.ReplyRanks(7, 9, 9, 50)
