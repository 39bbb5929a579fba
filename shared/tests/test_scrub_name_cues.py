"""The name cues' fast street pattern matches exactly what the case-insensitive one does."""

from __future__ import annotations

import re

import pytest

from peerline_shared.privacy.scrub import scrub
from peerline_shared.privacy.scrub_name_cues import STREET_WORD, Triggers
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
