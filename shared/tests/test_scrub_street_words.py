"""The street kinds' spellings, now read from one table (`scrub_street_words.STREET_KINDS`),
make every rule match exactly what its own spelling matched before.

Each rule's pattern is rebuilt with its former alternation of kinds in place of the table's
and both are run on the writers' texts (as written, upper- and lower-cased) and on random
texts made of street words, names and numbers: the same matches at every position.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from peerline_shared.privacy import scrub_address, scrub_address_world, scrub_named_places, scrub_not_persons
from peerline_shared.privacy.evaluate import cased_texts
from peerline_shared.privacy.scrub_street_words import STREET_KIND_STEMS, street_kinds

_DATA = Path(__file__).parent / "data"

# (pattern, the table's alternation in it, the alternation it replaced)
_REWRITTEN = [
    (
        scrub_named_places._KIND_BEFORE,
        street_kinds("named_place"),
        r"вулиц\w*|улиц\w*|вул\.|ул\.|проспект\w*|просп\.|пр-т|площ\w*|пл\.|провул\w*|переул\w*|бульвар\w*|набережн\w*",
    ),
    (
        scrub_named_places._STREET_OR_STOP,
        "|".join(map(re.escape, STREET_KIND_STEMS)),
        r"вулиц|улиц|вул\.|ул\.|просп|пр-т|площ|пл\.|провул|переул|бульвар|набережн",
    ),
    (
        scrub_not_persons._STREET_TYPE_AFTER,
        street_kinds("after_name"),
        r"вулиц\w{1,2}|улиц\w{1,2}|проспект\w{0,2}|бульвар\w{0,2}|провулок|переулок|площ\w{1,3}",
    ),
    (
        scrub_address._NAME_HOUSE_FLAT,
        street_kinds("in_address"),
        r"набережн\w{1,3}|вулиц\w{1,2}|улиц\w{1,2}|проспект\w{0,2}|провулк\w{1,2}|переулк\w{1,2}"
        r"|бульвар\w{0,2}|площ\w{1,3}",
    ),
    (
        scrub_address_world._STREET_WORDS_SPOKEN,
        street_kinds("spoken"),
        r"вул(?:иц[яіею])?\.?|улиц[аеу]|ул\.|просп(?:ект[аеі]?)?\.?|пров(?:улок)?\.?|пер(?:еулок)?\.?|бульвар",
    ),
    (
        scrub_address_world._NUMBER_WORD_CUE,
        street_kinds("spoken_cue"),
        r"вул|улиц|ул\.|просп|пров|пер|бульвар",
    ),
]  # fmt: skip


def _texts() -> list[str]:
    texts = cased_texts(sorted(_DATA.glob("pii-writer*.jsonl")))
    rng = random.Random(22)
    words = [
        "вулиця", "вулиці", "вул.", "улица", "улице", "ул.", "ул", "проспект", "проспекту", "просп.", "просп",
        "пр-т", "площа", "площі", "пл.", "провулок", "провулку", "переулок", "переулке", "бульвар",
        "бульварі", "набережна", "набережній", "набережной", "пров.", "пер.", "Шевченка", "Соборний",
        "Івана", "Франка",
        "Oak", "road", "street", "ім.", "імені", "12", "7а", "кв.", "5", "сто", "двадцять", "лікарні",
        "метро", "Лук'янівська",
    ]  # fmt: skip
    separators = [" ", " ", ", ", "\t", "-", ""]
    made = []
    for _ in range(6000):
        parts = [rng.choice(words) for _ in range(rng.randrange(1, 7))]
        text = "".join(part + rng.choice(separators) for part in parts)
        made.append(rng.choice((text, text.capitalize(), text.upper(), text.lower())))
    return texts + made


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return _texts()


@pytest.mark.parametrize(("now", "table", "before"), _REWRITTEN)
def test_rules_match_as_with_their_former_spelling(
    now: re.Pattern[str], table: str, before: str, texts: list[str]
) -> None:
    assert now.pattern.count(table) == 1
    old = re.compile(now.pattern.replace(table, before), now.flags)
    matched = 0
    for text in texts:
        found = [m.regs for m in now.finditer(text)]
        assert found == [m.regs for m in old.finditer(text)], text[:80]
        for position in range(0, len(text), 3):
            a, b = now.match(text, position), old.match(text, position)
            assert (a.regs if a else None) == (b.regs if b else None), (text[:80], position)
        matched += bool(found)
    assert matched, f"{now.pattern[:40]} matched none of the texts: the comparison proves nothing"


def test_the_named_places_stems_are_those_it_had() -> None:
    former = (
        "вулиц",
        "улиц",
        "вул.",
        "ул.",
        "просп",
        "пр-т",
        "площ",
        "пл.",
        "провул",
        "переул",
        "бульвар",
        "набережн",
    )
    assert sorted(STREET_KIND_STEMS) == sorted(former)
    assert set(former) <= set(scrub_named_places._KIND_STEMS)
