"""Property tests: the scrubber never crashes, is idempotent, and its cost grows linearly."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peerline_shared.privacy.scrub import scrub

# Pieces that make detectors fire, glued together by hypothesis in random order.
FRAGMENTS = [
    "Олена", "Коваленко", "Мене звати", "меня зовут", "my name is", "Anna", "Moroz", "Я",
    "вул.", "Шевченка", "12", "кв.", "5", "дом", "буд.", "Street", "14", "Straße",
    "+380", "067", "123", "45", "67", "8 (701)", "-", "(", ")", ".", ",", ":", " ", "\n",
    "@", "olena", "gmail.com", "t.me/", "UA21", "3223", "1300", "0002", "6007", "2335",
    "4405", "8873", "5929", "6038", "3351937196", "МК", "123456", "19900101-01234",
    "паспорт", "ІПН", "у", "Києві", "Кривому", "Розі", "[name]", "[phone]", "Mr", "Dr.",
]  # fmt: skip

pieces = st.lists(st.sampled_from(FRAGMENTS), max_size=25).map(" ".join)
glued = st.lists(st.sampled_from(FRAGMENTS), max_size=25).map("".join)
any_text = st.one_of(st.text(max_size=300), pieces, glued)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text)
def test_scrub_is_idempotent_and_total(text: str) -> None:
    once = scrub(text)
    assert isinstance(once.text, str)
    assert all(count > 0 for count in once.redactions.values())
    assert scrub(once.text).text == once.text


def _cpu_seconds(text: str, repeats: int) -> float:
    """The least CPU time (not wall time: other work on the machine does not count) of a few
    scrubs of `text`."""
    best = float("inf")
    for _ in range(repeats):
        started = time.process_time()
        scrub(text)
        best = min(best, time.process_time() - started)
    return max(best, 1e-4)  # below the clock's useful resolution, call it 0.1 ms


def _growth(fragment: str, small: int = 5_000, factor: int = 10) -> float:
    """How much more CPU a text `factor` times as long costs. Linear work gives about
    `factor`; catastrophic backtracking gives `factor` squared or worse. A ratio, not a time
    limit, so a loaded machine slows both sides alike (speed itself is measured by
    bench/scrub_bench.py)."""
    repeats = small // len(fragment) + 1  # whole fragments: both texts end alike
    return _cpu_seconds(fragment * repeats * factor, 2) / _cpu_seconds(fragment * repeats, 5)


# 10 times the text may cost up to 30 times the CPU (3x slack for caches and noise);
# a quadratic pattern costs about 100 times.
MAX_GROWTH = 30.0


@settings(max_examples=20, deadline=None)
@given(st.sampled_from([*FRAGMENTS, "a", "1", "@", "Аа", "1 ", "12-", "a.", "+1"]))
def test_huge_repetitive_text_costs_linear_time(fragment: str) -> None:
    assert _growth(fragment) < MAX_GROWTH


def test_huge_realistic_text_costs_linear_time() -> None:
    message = "Мене звати Олена Коваленко, 067 123 45 67, вул. Шевченка, 12, кв. 5. Доза 80 мг. "
    assert _growth(message) < MAX_GROWTH
    text = message * (100_000 // len(message))
    result = scrub(text)
    assert result.redactions["phone"] == text.count("067 123 45 67")
