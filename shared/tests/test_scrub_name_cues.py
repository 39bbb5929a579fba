"""The name cues' fast street pattern matches exactly what the case-insensitive one does."""

from __future__ import annotations

import random
import re

import pytest

from peerline_shared.privacy.scrub import scrub
from peerline_shared.privacy.scrub_name_cues import _CUES_LOWER, LOOKAHEAD, STREET_WORD, Triggers
from peerline_shared.privacy.scrub_regex import FOLD_VARIANTS


def test_every_case_fold_variant_of_a_street_word_letter_is_listed() -> None:
    # The lower-case street cue is used only on text without FOLD_VARIANTS; a lower-case
    # letter that `(?i)` equates with a street word's letter must therefore be listed.
    letters = "".join(sorted({ch for ch in STREET_WORD if ch.isalpha()}))
    insensitive = re.compile(f"(?i:[{letters}])")
    variants = {
        ch
        for ch in map(chr, range(0x110000))
        if ch.lower() == ch and ch not in letters and insensitive.fullmatch(ch)
    }
    assert variants  # "ſ", "ı", "ᲀ"…: the check looks at real characters
    assert variants <= FOLD_VARIANTS


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("живу на вул. Мороза", "Мороза"),
        ("живу на ſtr. Mihai 5", "Mihai"),  # long s: the case-insensitive path
        ("на вулиці Штефан чел Маре", "Маре"),
    ],
)
def test_a_word_after_a_street_word_is_a_street_not_a_name(text: str, kept: str) -> None:
    start = text.index(kept)
    assert Triggers(text).cue(start) == "street"
    assert kept in scrub(text).text


def test_lower_case_hints_letters_have_their_fold_variants_listed() -> None:
    # Hints searched in lower-cased text (`lowered`) fall back to the case-insensitive pattern
    # only when the text holds a FOLD_VARIANTS letter; every letter of the alphabets the hints
    # are written in must therefore have its variants listed.
    letters = "abcdefghijklmnopqrstuvwxyzабвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґäöüßéèêçłśźżąęńóčřšžůýáíú"
    insensitive = re.compile(f"(?i:[{letters}])")
    variants = {
        ch
        for ch in map(chr, range(0x110000))
        if ch.lower() == ch and ch not in letters and insensitive.fullmatch(ch)
    }
    assert variants <= FOLD_VARIANTS


def _cue_without_endings(text: str, start: int) -> str | None:
    head = text.lower()[max(0, start - LOOKAHEAD) : start]
    for kind, patterns in _CUES_LOWER:
        if any(pattern.search(head) for pattern in patterns):
            return kind
    return None


def test_keyword_endings_only_skip_cues_that_cannot_match() -> None:
    # The endings are read from the patterns; on heads made of the cue words themselves, the
    # cue with the shortcut is the cue without it.
    rng = random.Random(7)
    words = "my friend name is вул. вулиці пан я i'm Mr. c/ de str. брат лікарка ж/м житловий масив : , - x"
    pieces = [*words.split(), " ", "  "]
    for _ in range(3000):
        head = " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 5))) + rng.choice([" ", ": ", ""])
        text = head + "Олена"
        assert Triggers(text).cue(len(head)) == _cue_without_endings(text, len(head)), head
