"""The scrubber against the labelled PII files: removal and keep-loss, per file and per kind.

These are the figures after the rules were written with both files in view (docs/privacy.md
gives the held-out, first-look figure too); the test guards them against regressions.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from peerline_shared.privacy.evaluate import (
    MAX_KEEP_LOST,
    MIN_REMOVED,
    Labelled,
    load_labelled,
    score,
)
from peerline_shared.privacy.scrub import get_scrubber, scrub

PII_DIR = Path(__file__).resolve().parents[3] / "shared" / "pii"
FILES = ("dev.jsonl", "dev2.jsonl")


@pytest.fixture(scope="module", params=FILES)
def rows(request: pytest.FixtureRequest) -> list[Labelled]:
    path = PII_DIR / str(request.param)
    if not path.exists():
        pytest.skip(f"labelled file not found at {path}")
    return load_labelled(path)


def test_targets_per_kind(rows: list[Labelled]) -> None:
    result = score(rows, get_scrubber())
    for kind, tally in [*result.by_kind.items(), ("ALL", result.total)]:
        assert tally.removal >= MIN_REMOVED, (kind, result.missed)
        assert tally.keep_loss < MAX_KEEP_LOST, (kind, result.lost)


def test_is_idempotent_on_labelled_texts(rows: list[Labelled]) -> None:
    for row in rows:
        once = scrub(row.text).text
        assert scrub(once).text == once
