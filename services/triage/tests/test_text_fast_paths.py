"""The classifier's cheaper readings of a text give what the regexes they replace give: the
learned model's words from the tokens, and the count of Latin and Cyrillic letters."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from peerline_triage.classifier.learned import text_words
from peerline_triage.classifier.text import model_words, script_share, tokenise

SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "triage"
DATA = Path(__file__).parent / "data"
EDGES = [
    "",
    " ",
    "1.5 мг",
    "2,5 ml",
    "1..5",
    "1.a",
    "ab.1,2",
    "ВІЛ+",
    "+",
    "a-b'c",
    "x_y",
    "٣.٤ ٥",
    "ЁЛКА ёлка",
    "Ґанок ҐАНОК",
    "ⅷ ﬁ ß",
    "x" * 100_000,
    "не дихає, губи сині. " * 5_000,
]


def texts() -> list[str]:
    files = [SHARED / "dev.jsonl", SHARED / "dev2.jsonl", *sorted(DATA.glob("*.jsonl"))]
    labelled = [
        json.loads(line)["text"]
        for path in files
        if path.is_file()
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    rng = random.Random(22)
    ranges = [(0x20, 0x7E), (0x400, 0x4FF), (0x20, 0x2FF), (0x1, 0x10FFFF), (0xD800, 0xDFFF)]
    scrambled = [
        "".join(chr(rng.randint(*ranges[i % 5])) for _ in range(rng.randint(0, 80))) for i in range(3000)
    ]
    return labelled + scrambled + EDGES


def test_the_model_words_from_tokens_are_the_words_the_model_finds() -> None:
    differing = [
        text for text in texts() if model_words(tokenise(text, frozenset({"але"}))) != text_words(text)
    ]
    assert not differing, differing[:3]


def test_letters_are_counted_as_the_regexes_count_them() -> None:
    latin, cyrillic = re.compile(r"[a-z]"), re.compile(r"[а-яіїєґ]")

    def by_regex(text: str) -> tuple[int, int]:
        lowered = text.lower()
        return len(latin.findall(lowered)), len(cyrillic.findall(lowered))

    differing = [text for text in texts() if script_share(text) != by_regex(text)]
    assert not differing, differing[:3]
    assert script_share("Привіт, HIV ґ ё") == (3, 7)
