"""Property tests: the scrubber never crashes, is idempotent, and stays fast on huge text."""

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


@settings(max_examples=20, deadline=None)
@given(st.sampled_from([*FRAGMENTS, "a", "1", "@", "Аа", "1 ", "12-", "a.", "+1"]))
def test_huge_repetitive_text_is_fast(fragment: str) -> None:
    text = (fragment * (100_000 // len(fragment) + 1))[:100_000]
    started = time.perf_counter()
    scrub(text)
    assert time.perf_counter() - started < 3.0


def test_huge_realistic_text_is_fast() -> None:
    message = "Мене звати Олена Коваленко, 067 123 45 67, вул. Шевченка, 12, кв. 5. Доза 80 мг. "
    text = message * (100_000 // len(message))
    started = time.perf_counter()
    result = scrub(text)
    assert time.perf_counter() - started < 3.0
    assert result.redactions["phone"] == text.count("067 123 45 67")
