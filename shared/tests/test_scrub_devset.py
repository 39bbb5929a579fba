"""The scrubber against the PII development set: share of PII removed and keep-words lost."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from peerline_shared.privacy.scrub import scrub

DEV_SET = Path(__file__).resolve().parents[3] / "shared" / "pii" / "dev.jsonl"
MIN_PII_REMOVED = 0.98
MAX_KEEP_LOST = 0.05


@dataclass
class Score:
    pii: int = 0
    pii_removed: int = 0
    keep: int = 0
    keep_lost: int = 0

    @property
    def removed_share(self) -> float:
        return self.pii_removed / self.pii

    @property
    def lost_share(self) -> float:
        return self.keep_lost / self.keep


def score(rows: list[dict[str, object]]) -> Score:
    total = Score()
    for row in rows:
        text, pii, keep = row["text"], row["pii"], row["keep"]
        assert isinstance(text, str) and isinstance(pii, list) and isinstance(keep, list)
        scrubbed = scrub(text).text
        total.pii += len(pii)
        total.pii_removed += sum(item not in scrubbed for item in pii)
        total.keep += len(keep)
        total.keep_lost += sum(word not in scrubbed for word in keep)
    return total


@pytest.fixture(scope="module")
def dev_rows() -> list[dict[str, object]]:
    if not DEV_SET.exists():
        pytest.skip(f"development set not found at {DEV_SET}")
    lines = DEV_SET.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_dev_set_targets(dev_rows: list[dict[str, object]]) -> None:
    result = score(dev_rows)
    print(f"PII removed {result.removed_share:.1%}, keep-words lost {result.lost_share:.1%}")
    assert result.removed_share >= MIN_PII_REMOVED
    assert result.lost_share < MAX_KEEP_LOST


def test_dev_set_is_idempotent(dev_rows: list[dict[str, object]]) -> None:
    for row in dev_rows:
        once = scrub(str(row["text"])).text
        assert scrub(once).text == once
