"""The hint words of many families, found in one scan of the lower-cased text (issue 16).

A family whose patterns cannot match without one of its words ("січ", "паспорт", "вул") runs
only when the lower-cased text holds one. Each family used to search for its own words, and
`re` tried a match at nearly every position for each (their first letters are the common
ones). Here every family's words make one prefix tree, scanned once per text: at each position
where a word begins the tree takes the longest word there, which tells every family whose
word begins at that position too (theirs are that word's prefixes). A family's words may
have to begin a word (`at_word_start`: no word character before them, the look-behind of
`scrub_regex.WORD_START`), which is checked where one is found.

`TriggerWords.search(lower)` answers exactly what its own pattern (`pattern`, the prefix tree
of its words alone) would; shared/tests/test_scrub_triggers.py compares the two.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from itertools import product

from peerline_shared.privacy.scrub_regex import APOSTROPHES, WORD_START, prefix_tree_pattern

_families: list[TriggerWords] = []
_scan: tuple[re.Pattern[str], dict[str, int], dict[str, int]] | None = None
_WORD_CHAR = re.compile(r"\w")
_APOSTROPHE_CHARS = APOSTROPHES.removeprefix("[").removesuffix("]")
# The characters `\s` matches (str.isspace is the same test; none is above U+3000), for a
# family's "name" followed by a space.
SPACES = tuple(char for char in map(chr, range(0x3001)) if char.isspace())


class TriggerWords:
    """One family's hint words; make it with `trigger_words` at import."""

    __slots__ = ("at_word_start", "bit", "pattern", "words")

    def __init__(self, words: frozenset[str], at_word_start: bool, bit: int) -> None:
        self.words = words
        self.at_word_start = at_word_start
        self.bit = bit
        # The family's words alone, as it searched for them before (for the tests, and for
        # the case-insensitive search of a text holding a fold-variant letter).
        self.pattern = prefix_tree_pattern(words, WORD_START if at_word_start else "", any_apostrophe=False)

    def search(self, lower: str) -> bool:
        """Whether one of the words is in `lower` (a text lower-cased)."""
        return bool(found_in(lower) & self.bit)


def trigger_words(words: Iterable[str], *, at_word_start: bool = False) -> TriggerWords:
    """Register a family's words (lower-case, spelled literally) before the first scan."""
    if _scan is not None:
        raise RuntimeError("trigger words are registered at import, before the first scan")
    spelled = frozenset(words)
    if not spelled or any(not word or word != word.lower() for word in spelled):
        raise ValueError("trigger words are non-empty and lower-case")
    family = TriggerWords(spelled, at_word_start, 1 << len(_families))
    _families.append(family)
    return family


def apostrophe_spellings(words: Iterable[str]) -> tuple[str, ...]:
    """Each word with its "'" spelled as every apostrophe `scrub_regex.APOSTROPHES` matches:
    trigger words that find what `prefix_tree_pattern(words)` finds (a word cut at its
    apostrophe, "п" of "п'ять", began half the words of a text)."""
    return tuple(
        "".join(spelling)
        for word in words
        for spelling in product(*(_APOSTROPHE_CHARS if char == "'" else char for char in word))
    )


@lru_cache(maxsize=16)
def found_in(lower: str) -> int:
    """The bits of the families whose words `lower` holds."""
    pattern, anywhere, at_word_start = _scan or _compile()
    found = 0
    position = 0
    search = pattern.search
    while (match := search(lower, position)) is not None:
        word = match.group()
        start = match.start()
        found |= anywhere[word]
        if at_word_start[word] and (start == 0 or _WORD_CHAR.match(lower, start - 1) is None):
            found |= at_word_start[word]
        position = start + 1
    return found


def _compile() -> tuple[re.Pattern[str], dict[str, int], dict[str, int]]:
    """The tree of every family's words, and for each word the families found where it is:
    theirs whose word is that word or begins it."""
    global _scan
    words = {word for family in _families for word in family.words}
    anywhere = dict.fromkeys(words, 0)
    at_word_start = dict.fromkeys(words, 0)
    for word in words:
        for family in _families:
            if any(word.startswith(own) for own in family.words):
                if family.at_word_start:
                    at_word_start[word] |= family.bit
                else:
                    anywhere[word] |= family.bit
    _scan = re.compile(prefix_tree_pattern(words, any_apostrophe=False)), anywhere, at_word_start
    return _scan
