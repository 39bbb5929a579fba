"""The one scan of every family's hint words (scrub_triggers) says what each family's own
search said, so no family is skipped that would have matched.

Each family is compared with the prefix tree of its words alone (what main searched for) on
the labelled texts (as written, upper- and lower-cased, lower-cased for the scan), slices and
joins of them and random texts made of the words' pieces, which overlap as no message does.
The families that were plain alternations are compared with their former spelling; the
preconditions (words before a pattern with more conditions, a lower-cased check before a
case-sensitive one) must say
yes wherever what they guard matches; and the scrubber with every family searched on its
own, and with every precondition passed, scrubs the writers' texts as it does with the scan.
"""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from peerline_shared.privacy import scrub_address, scrub_name_cues, scrub_numbers, scrub_triggers
from peerline_shared.privacy.evaluate import cased_texts
from peerline_shared.privacy.scrub import Scrubber
from peerline_shared.privacy.scrub_regex import WORD_START, lowered, prefix_tree_pattern
from peerline_shared.privacy.scrub_triggers import SPACES, TriggerWords, found_in, trigger_words

_DATA = Path(__file__).parent / "data"

# (module, name, the alternation it was before it became trigger words)
_FORMER_ALTERNATIONS = [
    ("scrub_records", "_BADGE_HINT", r"жетон|badge|табельн|dienstnummer|odznak"),
    (
        "scrub_records",
        "_KIN_HINT",
        r"діт|дит|дет|син|сын|доч|донь|онук|внук|сестр|брат|child|kid|son|daughter|sister|brother",
    ),
    ("scrub_name_subject", "NAMING_VERB_HINT", r"клич|зву|зов|назива|называ|звали"),
    ("scrub_address", "_MAP_HINT", r"map|goo\.gl|2gis|osm\.org|geo:"),
    (
        "scrub_contacts",
        "_SCATTER_HINT",
        r"номер|телефон|тел\.|phone|number|mobile|моб|потом|потім|далі|дальше|далее|затем|then|next",
    ),
    (
        "scrub_name_cues",
        "NAMING_HINT",
        r"зва|зву|зов|клич|name[\s'’]|call|known|goes|ім['’ʼ]я|имя|прізв|фамил|піб|фио|прозв|погон|погрем"
        r"|nick|позив|позыв|sign|зве|назив|называ|представ|відом|извест|знають|знає|знаю|знали|знав|знала|знают|знает|знал"
        r"|llam|chiam|heißt|heisst|heiße|nazyw|imię|jmenuje|numește|numele|кликал|звали|звав|звала|дражн|звіть"
        r"|named"
        # thirteenth round
        r"|zovut|zvaty|zvut|klychut|numesc|cheam|numeste|imie|jmenuj|chamo|appelle|zis|porecl|supranum"
        r"|zwan|genannt|alias|aka",
    ),
]  # fmt: skip


def _families() -> list[TriggerWords]:
    Scrubber(detect_names=False)  # every module that registers words is imported
    return list(scrub_triggers._families)


def _labelled() -> list[str]:
    return cased_texts(sorted(_DATA.glob("pii-writer*.jsonl")))


def _texts() -> list[str]:
    texts = _labelled()
    rng = random.Random(16)
    mixed = []
    for text in texts[:2000]:
        i, j = sorted((rng.randrange(len(text) + 1), rng.randrange(len(text) + 1)))
        mixed += [text[i:j], text[j:] + rng.choice(texts)[:i]]
    # Pieces of the words, so that one family's word begins inside another's.
    words = sorted({word for family in _families() for word in family.words})
    pieces = [word[i:j] for word in words for i, j in ((0, 2), (1, None), (0, -1), (0, None))]
    atoms = [*pieces, " ", "\t", "а", "x", "'", "’", "-", "1", "\xa0"]
    mixed += ["".join(rng.choice(atoms) for _ in range(rng.randrange(1, 10))) for _ in range(6000)]
    return texts + mixed


@pytest.fixture(scope="module")
def lowers() -> list[str]:
    return [lowered(text)[0] for text in _texts()]


def test_the_families_are_registered() -> None:
    assert len(_families()) >= 25


def test_each_family_finds_what_its_own_search_finds(lowers: list[str]) -> None:
    for family in _families():
        own = re.compile(family.pattern)
        matched = 0
        for lower in lowers:
            expected = own.search(lower) is not None
            assert family.search(lower) == expected, (sorted(family.words)[:5], lower[:80])
            matched += expected
        assert matched, f"{sorted(family.words)[:5]} matched none of the texts: the comparison proves nothing"


def test_a_family_of_words_is_the_tree_main_searched_for() -> None:
    for family in _families():
        if "'" not in "".join(family.words):
            after_first = WORD_START if family.at_word_start else ""
            assert family.pattern == prefix_tree_pattern(family.words, after_first)


@pytest.mark.parametrize(("module", "name", "before"), _FORMER_ALTERNATIONS)
def test_former_alternations_find_what_they_found(
    module: str, name: str, before: str, lowers: list[str]
) -> None:
    family = getattr(sys.modules[f"peerline_shared.privacy.{module}"], name)
    old = re.compile(before)
    assert sum(family.search(lower) == bool(old.search(lower)) for lower in lowers) == len(lowers)


def test_spaces_are_what_backslash_s_matches() -> None:
    every = (chr(code) for code in range(sys.maxunicode + 1))
    assert tuple(char for char in every if re.match(r"\s", char)) == SPACES


def _shared_address_hint(trigger: TriggerWords, more: re.Pattern[str] | None) -> Callable[[str], bool]:
    return lambda lower: trigger.search(lower) or (more is not None and more.search(lower) is not None)


def test_preconditions_hold_wherever_what_they_guard_matches() -> None:
    guarded: list[tuple[Callable[[str], bool], re.Pattern[str], bool]] = [
        (scrub_numbers._HINT_WORD_PARTS.search, scrub_numbers._HINT_TOKEN, True),
        (scrub_name_cues.PROTECTED_LOWER.search, scrub_name_cues.PROTECTED_HINT, False),
    ]
    for index, _, trigger, more in scrub_address._SHARED_HINTS:
        guarded.append((_shared_address_hint(trigger, more), scrub_address._HINTS[index], True))  # type: ignore[arg-type]
    texts = [*_texts(), "вул. Ερμού 12, διαμέρισμα 3"]
    for precondition, pattern, in_lower in guarded:
        matched = 0
        for text in texts:
            lower = lowered(text)[0]
            if pattern.search(lower if in_lower else text):
                matched += 1
                assert precondition(lower), (pattern.pattern[:40], text[:80])
        assert matched, f"{pattern.pattern[:40]} matched none of the texts"


def _scrubbed(scrubber: Scrubber, texts: list[str]) -> list[tuple[str, dict[str, int]]]:
    found_in.cache_clear()
    return [(result.text, dict(result.redactions)) for result in map(scrubber.scrub, texts)]


def test_the_scrubber_scrubs_as_with_each_family_searched_on_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _labelled()
    scrubber = Scrubber()
    scanned = _scrubbed(scrubber, texts)
    guards = {id(trigger) for trigger in (scrub_numbers._HINT_WORD_PARTS, scrub_name_cues.PROTECTED_LOWER)}
    guards |= {id(trigger) for _, _, trigger, _ in scrub_address._SHARED_HINTS}
    own = {id(family): re.compile(family.pattern) for family in _families()}

    def searched_on_its_own(family: TriggerWords, lower: str) -> bool:
        # A precondition passes; every other family searches for its own words.
        return id(family) in guards or own[id(family)].search(lower) is not None

    monkeypatch.setattr(TriggerWords, "search", searched_on_its_own)
    assert _scrubbed(scrubber, texts) == scanned


def test_words_are_registered_before_the_first_scan() -> None:
    found_in("вулиця")
    with pytest.raises(RuntimeError):
        trigger_words(("late",))
