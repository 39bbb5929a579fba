"""The scrubber's speed shortcuts decide exactly what the slower checks they replace decided.

Each shortcut is compared with the check it replaced (kept here as the reference) on random
texts built from the words and characters that matter to it.
"""

from __future__ import annotations

import random
import re

import pytest

from peerline_shared.privacy import scrub_ids, scrub_name_cues, scrub_plates
from peerline_shared.privacy.scrub_name_cues import NAMING, NAMING_HINT, NAMING_LOWER
from peerline_shared.privacy.scrub_regex import digit_count

_WORD_BEFORE_SPACE_REVERSED = re.compile(r"(\s*)(\w*)")


def _after_place_preposition_by_pattern(text: str, start: int) -> bool:
    if not (start and text[start - 1].isspace()):
        return False
    match = _WORD_BEFORE_SPACE_REVERSED.match(text[max(0, start - 10) : start][::-1])
    assert match is not None
    words = scrub_name_cues.PLACE_PREPOSITIONS
    return len(match.group(1)) in (1, 2) and match.group(2)[::-1].lower() in words


def _random_texts(atoms: list[str], count: int, seed: int, longest: int = 8) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(atoms) for _ in range(rng.randrange(1, longest))) for _ in range(count)]


def test_place_preposition_check_reads_as_the_pattern_did() -> None:
    prepositions = sorted(scrub_name_cues.PLACE_PREPOSITIONS)
    atoms = [*prepositions, *(p.upper() for p in prepositions), *(p.title() for p in prepositions)]
    atoms += [*" \t\n\u00a0\u2028_-.,İKxя1٣", "Київ", "xopposite", "inopposite", "  ", "   "]
    checked = found = 0
    for text in _random_texts(atoms, 20_000, seed=16):
        for start in range(len(text) + 1):
            expected = _after_place_preposition_by_pattern(text, start)
            assert scrub_name_cues.after_place_preposition(text, start) == expected, (text, start)
            checked, found = checked + 1, found + expected
    assert found > 1_000 and checked - found > 1_000  # both answers were exercised


# The patterns as they were written before their look-behinds moved behind the first character.
_PLATE_LETTERS = "АВЕІКМНОРСТХABEIKMHOPCTX"
_PLATES_BEFORE = re.compile(
    rf"(?<![\w])[{_PLATE_LETTERS}]{{2}}[ \t-]?\d(?:[ \t]?\d){{3}}[ \t-]?[{_PLATE_LETTERS}]{{2}}(?![\w])"
    r"|(?<![\w])(?:B|AB|AR|AG|BC|BH|BN|BT|BV|BR|BZ|CS|CL|CJ|CT|CV|DB|DJ|GL|GR|GJ|HR|HD|IL|IS|IF|MM|MH|MS"
    r"|NT|OT|PH|SM|SJ|SB|SV|TR|TM|TL|VS|VL|VN)[ \t-]\d{2,3}[ \t-](?!EUR|USD|RON|MDL|GBP|CHF)[A-Z]{3}(?![\w])"
    rf"|(?<![\w])[{_PLATE_LETTERS}УYV][ \t]?\d{{3}}[ \t]?[{_PLATE_LETTERS}УYV]{{2}}[ \t]?\d{{2,3}}(?![\w])"
    r"|(?<![\w])\d\d(?:[ \t]?[A-Z][ \t]?\d{3}[ \t]?[A-Z]{2}"
    r"|[ \t-](?!MG|ML|KG|PM|AM|MB|GB|KB|UA|EU|US|HZ|CM|MM|KM)[A-Z]{2}[ \t-]\d{3})(?![\w])"
    r"|(?<![\w-])[A-Z]{2}[ \t]\d{3}[ \t][A-Z]{2}(?![\w-])|(?<![\w])[A-Z]\d{4}[A-Z]{2}(?![\w])"
    r"|(?<![\w])\d{3}[ \t]?[A-Z]{2,3}[ \t]?\d{2}(?![\w])|(?<![\w])\d{4}[ \t]?[A-Z]{2}-\d(?![\w])"
    r"|(?<![\w])[A-Z]{2}\d{2}[ \t]?[A-Z]{3}(?![\w])"
    r"|(?<![\w-])[A-ZÄÖÜ]{1,3}-[A-Z]{1,2}[ \t]\d{1,4}[EH]?(?![\w])"
    r"|(?<![\w-])[A-Z]{2}-\d{3}-[A-Z]{2}(?![\w-])"
    r"|(?<![\w])\d[A-Z][A-Z0-9][ \t]?\d{4}(?![\w])"
    r"|(?<![\w])[BCDEFGKLNOPRSTWZ][A-Z]{1,2}[ \t]\d(?=[0-9]*[A-Z])[0-9A-Z]{3,4}(?![\w])"
)
_PASSPORT_SERIES_BEFORE = re.compile(
    r"(?<![\w])[A-ZА-ЯІЇЄҐ]{2}[ \t]?(?:№[ \t]?)?\d{3}[ \t]?\d{3}(?![\w])|(?<![\w])[A-Z]\d{7,8}(?![\w])"
)
_SHAPE_ATOMS = [
    *"АВЕІКМНОРСТХABEIKMHOPCTXУYÄÖÜZQaя0123456789 \t-\n_EH.№",
    *("AA", "1234", "123", "12", "AB-", "-123-", "LK19 XRT", "M-RK 4827", "B-AB 123E", "AB-123-CD"),
    *("АА 1234 ВВ", "А 123 ВС 77", "123 ABC 02", "1234 AB-7", "AB 123456", "A1234567", "АБ№ 123456"),
    *("7B2 4410", "2AB 4567", "WPR 53KL", "WE 712KP", "FK 739 120"),
    *("CJ 12 XYZ", "B 123 ABC", "VN-45-KLM", "АА 1 2 3 4 ВВ", "B 12 RON", "BX 12 ABC"),
    *("V 512 OT 178", "01 K 473 RA", "35 OL 417", "10-AB-123", "12 MG 500", "GE 123 AB", "A7742CT", "V"),
]


@pytest.mark.parametrize(
    ("before", "after"),
    [(_PLATES_BEFORE, scrub_plates._PLATES), (_PASSPORT_SERIES_BEFORE, scrub_ids._PASSPORT_SERIES)],
)
def test_shapes_scanned_from_their_first_character_match_the_same_spans(
    before: re.Pattern[str], after: re.Pattern[str]
) -> None:
    matched = 0
    for text in _random_texts(_SHAPE_ATOMS, 30_000, seed=17, longest=12):
        spans = [m.span() for m in before.finditer(text)]
        assert [m.span() for m in after.finditer(text)] == spans, text
        matched += bool(spans)
    assert matched > 500


def _random_case(rng: random.Random, word: str) -> str:
    return "".join(ch.upper() if rng.random() < 0.5 else ch for ch in word)


@pytest.mark.parametrize(
    ("keywords", "pattern", "hint"),
    [
        (scrub_ids._KEYWORD_TAX, scrub_ids._TAX_AFTER_KEYWORD, scrub_ids._TAX_KEYWORD_HINT),
        (scrub_ids._KEYWORD_PASSPORT, scrub_ids._PASSPORT_AFTER_KEYWORD, scrub_ids._PASSPORT_KEYWORD_HINT),
    ],
)
def test_keyword_hints_hold_wherever_their_pattern_matches(
    keywords: str, pattern: re.Pattern[str], hint: re.Pattern[str]
) -> None:
    rng = random.Random(18)
    words = re.findall(r"[^\W\d_]{2,}", keywords)
    matched = 0
    for _ in range(20_000):
        keyword = _random_case(rng, rng.choice(words))
        if rng.random() < 0.3:
            keyword = _random_case(rng, rng.choice(words)) + rng.choice([" ", "\u00a0", "-", ""]) + keyword
        text = (
            rng.choice(["", "x", " ", "моя ", "ſ", "ı"])
            + keyword
            + rng.choice([" ", ": ", " № ", " номер ", "\t", "-"])
            + rng.choice(["12345678", "АВ 123456", "1234 5678 90", "123456789012"])
        )
        if pattern.search(text):
            matched += 1
            assert scrub_ids._may_hold(text, hint), text
    assert matched > 2_000


def test_naming_hint_holds_wherever_a_naming_word_is_but_not_for_the_placeholder() -> None:
    words = re.findall(r"[^\W\d_]{2,}", NAMING.pattern)
    atoms = [*words, *(w.upper() for w in words[:40]), *(w.title() for w in words)]
    atoms += ["[name]", "name", "name ", "name's", "name’s", "NAME\u00a0is", " is", " ", "\t", "'", "ſ", "x"]
    matched = 0
    for text in _random_texts(atoms, 30_000, seed=19):
        lower = text.lower()
        if NAMING.search(text) or NAMING_LOWER.search(lower):
            matched += 1
            assert NAMING_HINT.search(lower), text
    assert matched > 2_000
    assert not NAMING_HINT.search("мій номер [phone], я [name], пишіть [email]")


@pytest.mark.parametrize(("text", "count"), [("", 0), ("abc", 0), ("12 345", 5), ("٣ and ३", 2), ("²", 0)])
def test_digit_count_counts_what_the_digit_patterns_match(text: str, count: int) -> None:
    assert digit_count(text) == count == len(re.findall(r"\d", text))
