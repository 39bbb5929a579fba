"""Patterns rewritten for speed match exactly what they matched before.

`Anchored` patterns are compared with the plain `finditer` of the pattern they wrap, and the
patterns whose look-behind or repeat moved behind their first character with the spelling
they replaced, on the labelled writers' texts (as written, upper- and lower-cased), random
slices and joins of them, and random texts built from the characters that matter.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import random
import re
from pathlib import Path

import pytest

import peerline_shared.privacy as privacy
from peerline_shared.privacy import scrub_contacts
from peerline_shared.privacy.scrub_regex import FOLD_VARIANTS, Anchored, AnyOf

_DATA = Path(__file__).parent / "data"

# (module, name, the spelling it replaced)
_REWRITTEN = [
    ("scrub_tagger", "_TOKEN", r"[^\W\d_]+(?:['’ʼ-][^\W\d_]+)*"),
    ("scrub_contacts", "_TLD_HINT", r"[a-zA-Z]{2}"),
    ("scrub_contacts", "_EMAIL", r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}"),
    ("scrub_ids", "_IBAN_HEAD", r"[A-Za-z]{2}\d{2}"),
    ("scrub_ids", "_IBAN", r"(?<![\w])[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]){10,30}(?![\w])"),
    ("scrub_ids", "_DIGIT_RUN", r"(?<![\w+.,/-])\d{8,14}(?![\w]|[.,/-]\d)"),
    ("scrub_ids", "_UNZR", r"(?<![\w-])((?:19|20)\d{2})(\d{2})(\d{2})-\d{5}(?![\w-])"),
    ("scrub_cued_ids", "_SLASHED_NUMBER", r"(?<![\w/])\d{1,7}/\d{2,4}(?![\w/])"),
    ("scrub_address", "_COORDINATE_HINT", r"\d[.,]\d\d\d|°"),
    ("scrub_records", "_SHAPED_CODE_HINT", r"[A-ZА-ЯІЇЄҐ]\d{0,4}-\d|\d-[A-ZА-ЯІЇЄҐ]|[A-Z]\d[A-Z]|\d[A-Z]\d"),
    ("scrub_name_pairs", "_HONORIFIC", r"(?:ханым|ханум|[Hh]an[ıi]m|Bey)(?![\w])"),
    (
        "scrub_name_pairs",
        "_PARTNER_BEFORE",
        r"(?<![\w-])([A-ZА-ЯІЇЄҐЁ][a-zа-яіїєґё'’]{2,20})[ \t]+(?:і|и|й|та|and|&)[ \t]+$",
    ),
    (
        "scrub_records",
        "_SIGNED_NUMBER",
        r"(?:№|#|[Nn](?<![\w][Nn])(?:[º°]\.?|\.[º°]|r\.|ro\.|úm\.|um\.)|N(?<![\w]N)o\.)[ \t]?"
        r"(\d(?:[/-]?\d){3,16}(?:[/-][A-ZА-ЯІЇЄҐ0-9]{1,6})?)(?![\w])",
    ),
    (
        "scrub_address_town",
        "_INDEX_BEFORE_TOWN",
        r"(?<![\w.,])\d{5,6}(?=,?[ \t]*(?:м\.|г\.|місто|город|с\.|смт|пгт|m\.)[ \t]?[A-ZА-ЯІЇЄҐ])",
    ),
]


# The spelled-out e-mail's head moved the same way; the rest of it is built from shared parts.
_OBFUSCATED = scrub_contacts._OBFUSCATED_EMAIL.pattern
_REWRITTEN.append(
    (
        "scrub_contacts",
        "_OBFUSCATED_EMAIL",
        _OBFUSCATED.replace(r"[\w.+-](?<![\w.+-][\w.+-])[\w.+-]{0,63}", r"(?<![\w.+-])[\w.+-]{1,64}", 1),
    )
)
assert _REWRITTEN[-1][2] != _OBFUSCATED


def _texts() -> list[str]:
    texts = [
        json.loads(line)["text"]
        for path in sorted(_DATA.glob("pii-writer*.jsonl"))
        for line in path.read_text("utf-8").splitlines()
        if line.strip()
    ]
    texts += [text.upper() for text in texts] + [text.lower() for text in texts]
    rng = random.Random(23)
    mixed = []
    for text in texts[:2000]:
        i, j = sorted((rng.randrange(len(text) + 1), rng.randrange(len(text) + 1)))
        mixed += [text[i:j], text[j:] + rng.choice(texts)[:i]]
    atoms = [*"+0( -./,:#№@_\t\n1٣Nnİ°", *sorted(FOLD_VARIANTS)[:6], "паспорт", "ID", "pass", "FIN", "номер"]
    mixed += ["".join(rng.choice(atoms) for _ in range(rng.randrange(1, 12))) for _ in range(3000)]
    return texts + mixed


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return _texts()


def _anchored() -> list[tuple[str, Anchored]]:
    found = []
    for info in pkgutil.iter_modules(privacy.__path__):
        module = importlib.import_module(f"peerline_shared.privacy.{info.name}")
        names = vars(module).items()
        found += [(f"{info.name}.{name}", value) for name, value in names if isinstance(value, Anchored)]
    return found


def test_the_anchored_patterns_are_found() -> None:
    assert len(_anchored()) >= 14


@pytest.mark.parametrize(("name", "anchored"), _anchored())
def test_anchored_patterns_find_what_finditer_finds(name: str, anchored: Anchored, texts: list[str]) -> None:
    matched = 0
    for text in texts:
        expected = [match.regs for match in anchored.pattern.finditer(text)]
        assert [match.regs for match in anchored.finditer(text)] == expected, (name, text[:80])
        first = anchored.search(text)
        assert (first.regs if first else None) == (expected[0] if expected else None)
        matched += bool(expected)
    assert matched, f"{name} matched none of the texts: the comparison proves nothing"


@pytest.mark.parametrize(("module", "name", "before"), _REWRITTEN)
def test_rewritten_patterns_match_as_their_former_spelling(
    module: str, name: str, before: str, texts: list[str]
) -> None:
    now = getattr(importlib.import_module(f"peerline_shared.privacy.{module}"), name)
    # (an `Anchored` one is compared as it is searched, and its pattern where it is matched)
    now_pattern = now.pattern if isinstance(now, Anchored) else now
    old = re.compile(before)
    for text in texts:
        assert [m.regs for m in now.finditer(text)] == [m.regs for m in old.finditer(text)], text[:80]
        for position in range(0, len(text), 5):
            a, b = now_pattern.match(text, position), old.match(text, position)
            assert (a.regs if a else None) == (b.regs if b else None), (text[:80], position)


def test_a_pattern_that_may_match_nothing_is_refused() -> None:
    with pytest.raises(ValueError):
        Anchored(re.compile(r"(?<!\w)(?:ab)?"))


def _all_anchored() -> list[tuple[str, Anchored]]:
    """The module-level ones and those an `AnyOf` holds."""
    inside = [
        (f"{name}[{index}]", pattern)
        for name, value in _module_values()
        if isinstance(value, AnyOf)
        for index, pattern in enumerate(value._patterns)
        if isinstance(pattern, Anchored)
    ]
    return _anchored() + inside


def _module_values() -> list[tuple[str, object]]:
    found = []
    for info in pkgutil.iter_modules(privacy.__path__):
        module = importlib.import_module(f"peerline_shared.privacy.{info.name}")
        found += [(f"{info.name}.{name}", value) for name, value in vars(module).items()]
    return found


def test_number_patterns_are_tried_where_a_number_begins() -> None:
    numbers = [name for name, anchored in _all_anchored() if anchored._at_numbers]
    assert len(numbers) >= 10, numbers
    assert "scrub_address._POSTCODE_HINT[0]" in numbers


@pytest.mark.parametrize(("name", "anchored"), _all_anchored())
def test_anchored_patterns_find_what_finditer_finds_in_a_window(
    name: str, anchored: Anchored, texts: list[str]
) -> None:
    """`search(text, pos, endpos)` and `finditer(text, pos, endpos)` as the pattern's own: a
    look-behind sees before `pos`, and "$" matches at `endpos`."""
    rng = random.Random(name)
    for text in texts[::3]:
        pos, endpos = sorted((rng.randrange(len(text) + 1), rng.randrange(len(text) + 1)))
        expected = [match.regs for match in anchored.pattern.finditer(text, pos, endpos)]
        assert [match.regs for match in anchored.finditer(text, pos, endpos)] == expected, (name, text[:80])
        first = anchored.search(text, pos, endpos)
        assert (first.regs if first else None) == (expected[0] if expected else None), (name, text[:80])


@pytest.mark.parametrize(
    ("pattern", "at_numbers"),
    [
        (r"\d(?<!\w\d)\d{10}", True),  # the WORD_START idiom for a digit
        (r"\d(?<![\w.,]\d)\d?", True),  # more than word characters before it
        (r"\d(?<!\w.)\d", True),
        (r"\d\d{3}", False),  # any digit may begin it
        (r"\d(?<!\w\d\d)\d", False),  # the look-behind spans two digits
        (r"\d(?<![.,]\d)\d", False),  # a word character may precede it
        (r"\d(?<!\wa)\d", False),  # the look-behind never matches over a digit
        (r"(?a)\d(?<!\w\d)\d", False),  # an ASCII \w would let a Cyrillic letter precede it
    ],
)
def test_only_a_digit_that_no_word_character_precedes_begins_a_number(pattern: str, at_numbers: bool) -> None:
    try:
        anchored: Anchored | None = Anchored(re.compile(pattern))
    except ValueError:  # a pattern that begins with "\d" otherwise is not anchored at all
        anchored = None
    assert (anchored is not None and anchored._at_numbers) is at_numbers
