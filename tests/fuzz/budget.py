"""How many cases each fuzz test runs: a CI-sized budget by default, a large one with
PEERLINE_FUZZ_LARGE=1 (≥ 100,000 cases in all), and a tally printed at the end of the run."""

from __future__ import annotations

import os
from collections import Counter

from hypothesis import HealthCheck, settings

LARGE = os.environ.get("PEERLINE_FUZZ_LARGE", "") not in ("", "0")
CASES: Counter[str] = Counter()


def examples(ci: int, large: int) -> int:
    return large if LARGE else ci


def fuzz_settings(ci: int, large: int) -> settings:
    return settings(
        max_examples=examples(ci, large),
        deadline=None,  # shared CI machines are slow; we test for crashes, not speed
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.filter_too_much,
            HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture,
        ],
        database=None,
    )


def count(name: str, cases: int = 1) -> None:
    CASES[name] += cases
