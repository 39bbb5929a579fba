"""The scrubber and the triage classifier on hostile and random text: they never crash, the
scrubber is idempotent and removes the contacts it promises to, triage gives valid labels."""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peerline_shared.privacy.scrub import KINDS, scrub

from .budget import count, fuzz_settings

pytestmark = [pytest.mark.fuzz]

WORDS = (
    "допоможіть",
    "метадон",
    "помогите",
    "мне",
    "нужна",
    "help",
    "ВІЛ",
    "тест",
    "Київ",
    "Олена",
    "Петренко",
    "Иван",
    "Сергеевич",
    "вул.",
    "Хрещатик",
    "буд.",
    "police",
    "адвокат",
    "і",
    "в",
    "на",
    "не",
    "дихає",
    "передоз",
    "ok",
    "!!!",
    "...",
    "—",
    "🙏",
    "\u200b",
    "e\u0301",
)
FIRST_NAMES = ("Олена", "Андрій", "Марія", "Сергей", "Наталья", "Dmytro", "Iryna")


def _digits(size: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=size, max_size=size)


UA_MOBILE = st.tuples(
    st.sampled_from(("50", "63", "66", "67", "68", "73", "93", "95", "96", "97", "98", "99")),
    _digits(7).filter(lambda d: d[0] != "0"),
).map("".join)
PHONES = st.one_of(
    UA_MOBILE.map(lambda d: f"+380{d}"),
    UA_MOBILE.map(lambda d: f"+380 {d[:2]} {d[2:5]} {d[5:7]} {d[7:]}"),
    UA_MOBILE.map(lambda d: f"0{d[:2]}-{d[2:5]}-{d[5:7]}-{d[7:]}"),
    UA_MOBILE.map(lambda d: f"(0{d[:2]}) {d[2:5]} {d[5:]}"),
    _digits(7).filter(lambda d: d[0] != "0").map(lambda d: f"+7 916 {d}"),
)
EMAILS = st.from_regex(r"[a-z][a-z0-9._]{2,12}@[a-z]{3,8}\.(com|ua|org)", fullmatch=True)
HANDLES = st.from_regex(r"@[a-z][a-z0-9_]{4,20}", fullmatch=True)
PIECES = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(FIRST_NAMES),
    PHONES,
    EMAILS,
    HANDLES,
    st.text(max_size=12),
    _digits(4),
    _digits(16),
)
MESSAGES = st.one_of(
    st.text(max_size=600),
    st.lists(PIECES, max_size=40).map(" ".join),
    st.lists(PIECES, max_size=40).map("".join),
)


@fuzz_settings(ci=150, large=15_000)
@given(MESSAGES)
def test_scrub_never_crashes_and_is_idempotent(text: str) -> None:
    count("scrubber: random and mixed text")
    once = scrub(text)
    assert set(once.redactions) <= set(KINDS)
    assert all(isinstance(n, int) and n > 0 for n in once.redactions.values())
    assert scrub(once.text).text == once.text


@fuzz_settings(ci=60, large=5_000)
@given(
    st.lists(st.sampled_from(WORDS), max_size=8),
    st.one_of(PHONES, EMAILS, HANDLES),
    st.lists(st.sampled_from(WORDS), max_size=8),
)
def test_a_contact_in_the_middle_of_a_message_is_removed(
    before: list[str], contact: str, after: list[str]
) -> None:
    count("scrubber: seeded contacts")
    text = " ".join([*before, contact, *after])
    scrubbed = scrub(text).text
    assert contact not in scrubbed
    digits = "".join(ch for ch in contact if ch.isdigit())
    if len(digits) >= 7:
        assert digits[-7:] not in "".join(ch for ch in scrubbed if ch.isdigit())


@cache
def _classifier():  # type: ignore[no-untyped-def]
    from peerline_triage.classifier import Classifier

    return Classifier.load()


def test_triage_survives_letters_without_a_unicode_name() -> None:
    assert _classifier().classify("допоможіть \U00017000 передоз").urgency


@fuzz_settings(ci=150, large=15_000)
@given(MESSAGES)
def test_triage_never_crashes_and_gives_valid_labels(text: str) -> None:
    from peerline_triage.classifier import EMERGENCY_KINDS, LANGS, TOPICS, URGENCY_LEVELS

    count("triage: random and mixed text")
    result = _classifier().classify(text)
    assert result.urgency in URGENCY_LEVELS
    assert result.lang in LANGS
    assert set(result.topics) <= set(TOPICS)
    assert result.emergency_kind is None or result.emergency_kind in EMERGENCY_KINDS
    assert 0.0 <= result.confidence <= 1.0
