"""Two pattern helpers that make the scrubber's keyword checks cheap without changing them.

`prefix_tree_pattern` turns a word list into one pattern that shares prefixes (Python's `re`
tries every word of a plain alternation at every position). `keyword_endings` reads a cue
pattern that must end where a name begins ("мій друг ", "вул. ") and lists how its keyword can
end: the last run of word characters and the punctuation after it. A text whose end is none
of those cannot match the pattern, so the pattern need not run (`ending_of`).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import product
from typing import Any

with warnings.catch_warnings():  # the parser moved to re._parser; its public name is deprecated
    warnings.simplefilter("ignore", DeprecationWarning)
    import sre_constants as c
    import sre_parse

APOSTROPHES = "['’ʼ`‘]"
WORD_START = r"(?<!\w.)"  # after a word's first character: no word character before it
# What cue patterns allow between their keyword and the name: whitespace and these.
SEPARATORS = ":,—–-"
_UNKNOWN = "\x00"  # stands for text the enumeration does not spell out
_NOT_AFTER_WORD = "\x01"  # a look-behind that no word character precedes
_LIMIT = 100_000
_ENDING_REVERSED = re.compile(rf"([\s{re.escape(SEPARATORS)}]*)(\W*)(\w*)")


# Lower-case letters that case-insensitive matching equates with another lower-case letter
# ("ſ" with "s", "ı" with "i", old Cyrillic "ᲀ" with "в"; Python's re module, `re._casefix`).
# Text already lower-cased and free of them matches a lower-case pattern with or without
# `(?i)`, and the case-sensitive pattern searches three times faster.
FOLD_VARIANTS = frozenset("µıſͅΐΰϐϑϕϖϰϱϵᲀᲁᲂᲃᲄᲅᲆᲇᲈṡẛιΐΰꙋﬅﬆ")
_FOLD_VARIANT = re.compile(f"[{re.escape(''.join(sorted(FOLD_VARIANTS)))}]")


@lru_cache(maxsize=16)
def lowered(text: str) -> tuple[str, bool]:
    """`text` in lower case with the same length (so offsets carry over), and whether it
    holds a FOLD_VARIANTS letter (then only a case-insensitive pattern is exact)."""
    lower = text.lower()
    if len(lower) != len(text):  # a rare letter changed length
        lower = "".join(ch.lower()[:1] for ch in text)
    # Every FOLD_VARIANTS letter is outside ASCII (str.isascii reads a flag, no scan).
    return lower, not lower.isascii() and bool(_FOLD_VARIANT.search(lower))


_DIGIT = re.compile(r"\d")
_NUMBER_START = re.compile(r"\d(?<!\w\d)")  # a digit that no word character precedes


@lru_cache(maxsize=32)
def digit_count(text: str) -> int:
    """How many digits `text` holds, counted once per pass: every number rule needs some, so
    on a text without enough of them its guard fails without scanning the text again (after
    the first pass most texts hold none: their numbers are placeholders)."""
    return len(_DIGIT.findall(text))


@lru_cache(maxsize=32)
def number_starts(text: str) -> tuple[int, ...]:
    """Where a number begins: each digit that no word character precedes. Found once per pass
    for every number pattern `Anchored` at them (a text holds a few numbers, and `re` checks
    each character's Unicode category when it scans for a digit, once per pattern)."""
    return tuple(match.start() for match in _NUMBER_START.finditer(text))


class AnyOf:
    """A check made of patterns that each begin with a character set, which `re` scans for
    quickly; their alternation would not (it tries every position)."""

    def __init__(self, *patterns: re.Pattern[str] | Anchored) -> None:
        self._patterns = patterns

    def search(self, text: str) -> bool:
        return any(pattern.search(text) for pattern in self._patterns)


def prefix_tree_pattern(words: Iterable[str], after_first: str = "", *, any_apostrophe: bool = True) -> str:
    """An alternation of `words` as a prefix tree; "'" stands for any apostrophe (unless
    `any_apostrophe` is false: then every character is itself).
    `after_first` goes right after each word's first character: a look-behind placed there
    ("(?<!\\w.)": no word character before the word) keeps the pattern starting with a
    character, which `re` scans for quickly, where a look-behind first makes it try every
    position. Where words begin, the tree's match is the longest of them (its branches begin
    with different characters; a shorter word is an optional end, tried last)."""
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _branch_pattern(tree, after_first, "'" if any_apostrophe else "")


def _branch_pattern(node: dict[str, Any], after_first: str = "", apostrophe: str = "'") -> str:
    branches = [
        (APOSTROPHES if char == apostrophe else re.escape(char))
        + after_first
        + _branch_pattern(child, apostrophe=apostrophe)
        for char, child in sorted(node.items())
        if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


def ending_of(text: str) -> tuple[str, str]:
    """The last word-character run of `text` before its trailing separators, and the
    punctuation after that run without separators ("вул. " -> ("вул", "."))."""
    word_start, punctuation_start, end = _ending_bounds(text)
    if punctuation_start == end:  # most often: a word, then only separators
        return text[word_start:punctuation_start], ""
    punctuation = "".join(ch for ch in text[punctuation_start:end] if not _is_separator(ch))
    return text[word_start:punctuation_start], punctuation


def _ending_bounds(text: str) -> tuple[int, int, int]:
    """Where the last word run, the punctuation after it and the trailing separators begin;
    read on the reversed text in one match (a loop over characters cost more)."""
    match = _ENDING_REVERSED.match(text[::-1])
    assert match is not None  # every part may be empty
    end = len(text) - match.end(1)
    punctuation_start = end - (match.end(2) - match.start(2))
    return punctuation_start - (match.end(3) - match.start(3)), punctuation_start, end


def _is_separator(char: str) -> bool:
    return char.isspace() or char in SEPARATORS


def keyword_endings(pattern: re.Pattern[str]) -> frozenset[tuple[str, str]]:
    """Every `ending_of` a text that `pattern` (anchored at the end) can match. Raises
    ValueError when the pattern's ending cannot be spelled out (a word-character repeat or a
    case-insensitive part at the end), so a cue pattern that outgrows this fails at import."""
    if pattern.flags & re.IGNORECASE:
        raise ValueError("case-insensitive patterns are not spelled out")
    endings = set()
    for spelled in _spell(sre_parse.parse(pattern.pattern, pattern.flags)):
        text = _UNKNOWN + spelled  # what comes before the match is unknown
        word_start, punctuation_start, end = _ending_bounds(text)
        if word_start == punctuation_start or _UNKNOWN in text[word_start - 1 : end]:
            raise ValueError(f"cannot spell out the ending of {spelled!r} in {pattern.pattern[:40]!r}")
        endings.add(ending_of(text))
    return frozenset(endings)


def _spell(items: Any) -> list[str]:
    """The strings a parsed pattern sequence matches, unknown parts as `_UNKNOWN`."""
    results = [""]
    for op, argument in items:
        options = _spell_item(op, argument)
        results = sorted({left + right for left, right in product(results, options)})
        if len(results) > _LIMIT:
            raise ValueError("too many spellings")
    return results


def _spell_item(op: Any, argument: Any) -> list[str]:
    if op is c.LITERAL:
        return [chr(argument)]
    if op is c.IN:
        return _spell_class(argument)
    if op is c.BRANCH:
        return sorted({text for branch in argument[1] for text in _spell(branch)})
    if op is c.SUBPATTERN:
        if argument[1] & c.SRE_FLAG_IGNORECASE:
            raise ValueError("case-insensitive part")
        return _spell(argument[3])
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        return _spell_repeat(*argument)
    if op is c.ASSERT_NOT and _forbids_word_before(argument):
        return [_NOT_AFTER_WORD]
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return [""]
    return [_UNKNOWN]


def _forbids_word_before(argument: Any) -> bool:
    r"""A look-behind such as "(?<!\w)" or "(?<![\w./@])": no word character precedes."""
    direction, items = argument
    if direction != -1 or len(items) != 1 or items[0][0] is not c.IN:
        return False
    return any(
        op is c.CATEGORY and category in (c.CATEGORY_WORD, c.CATEGORY_UNI_WORD)
        for op, category in items[0][1]
    )


def _spell_class(items: Any) -> list[str]:
    chars: set[str] = set()
    for op, argument in items:
        if op is c.LITERAL:
            chars.add(chr(argument))
        elif op is c.RANGE and argument[1] - argument[0] < 64:
            chars.update(map(chr, range(argument[0], argument[1] + 1)))
        elif op is c.CATEGORY and argument in (c.CATEGORY_SPACE, c.CATEGORY_UNI_SPACE):
            chars.add(" ")
        else:
            chars.add(_UNKNOWN)
    return sorted(chars)


def _spell_repeat(low: int, high: int, items: Any) -> list[str]:
    options = _spell(items)
    if all(_is_separator(ch) for text in options for ch in text):
        # Separators: `ending_of` drops them, so only none against some can matter.
        return sorted({"" if low == 0 else " ", " " if high else ""})
    if high > 3:
        return [_UNKNOWN]
    return sorted(
        {"".join(parts) for count in range(low, high + 1) for parts in product(options, repeat=count)}
    )


class Anchored:
    """`pattern`'s matches, tried only where one can begin: at a character that some match
    begins with (read from the pattern), lower-cased, and after no word character when the
    pattern itself requires that. For patterns that begin with a look-behind or a
    case-insensitive alternation, which `re` otherwise tries at every position (a text holding
    a FOLD_VARIANTS letter takes the plain `finditer`). A number pattern, a digit that no word
    character precedes (`_begins_a_number`), is tried only at `number_starts`. The matches are
    `finditer`'s."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
        self.pattern = pattern
        # A number pattern: "\d(?<!\w\d)…", "\d(?<![\w.,]\d)…" (scrub_regex.WORD_START's idiom).
        self._at_numbers = not pattern.flags & re.ASCII and _begins_a_number(parsed.data)
        if self._at_numbers:
            return
        firsts, nullable = _first_chars(parsed.data)
        if nullable or not firsts:
            raise ValueError(f"a match of {pattern.pattern[:40]!r} may be empty")
        lower = sorted({char.lower()[:1] for char in firsts})
        after_non_word = _begins_after_non_word(parsed.data)
        self._starts = re.compile(f"[{re.escape(''.join(lower))}]" + (WORD_START if after_non_word else ""))

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
        """`pattern.finditer(text, pos, endpos)`."""
        end = len(text) if endpos is None else endpos
        if self._at_numbers:
            yield from self._finditer_at_numbers(text, pos, end)
            return
        lower, folded = lowered(text)
        if folded:
            yield from self.pattern.finditer(text, pos, end)
            return
        position = pos
        while (start := self._starts.search(lower, position, end)) is not None:
            match = self.pattern.match(text, start.start(), end)
            if match is None:
                position = start.start() + 1
            else:
                yield match
                position = match.end()  # never empty: `__init__` checks

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """`pattern.search(text, pos, endpos)`."""
        return next(self.finditer(text, pos, endpos), None)

    def _finditer_at_numbers(self, text: str, pos: int, end: int) -> Iterator[re.Match[str]]:
        position = pos
        for start in number_starts(text):
            if position <= start < end and (match := self.pattern.match(text, start, end)) is not None:
                yield match
                position = match.end()  # never empty: it holds the first digit


_DIGIT_CLASSES = [(c.IN, [(c.CATEGORY, category)]) for category in (c.CATEGORY_DIGIT, c.CATEGORY_UNI_DIGIT)]


def _begins_a_number(items: Any) -> bool:
    r"""Whether a match begins with a digit that no word character precedes: "\d" and then a
    look-behind over it and the character before, which is never a word character
    ("(?<!\w\d)", "(?<![\w.,]\d)")."""
    if len(items) < 2 or items[0] not in _DIGIT_CLASSES:
        return False
    op, argument = items[1]
    if op is not c.ASSERT_NOT:
        return False
    direction, behind = argument
    if direction != -1 or len(behind) != 2:
        return False
    # Its second character must be the digit itself ("\d" or "."): "(?<!\wa)" never matches
    # there, so it would let a word character precede the digit.
    over_the_digit = behind[1] in _DIGIT_CLASSES or behind[1][0] is c.ANY
    return over_the_digit and _forbids_word_before((direction, [behind[0]]))


def _begins_after_non_word(items: Any) -> bool:
    op, argument = items[0]
    if op is c.SUBPATTERN:
        return bool(argument[3]) and _begins_after_non_word(list(argument[3]))
    return op is c.ASSERT_NOT and _forbids_word_before(argument)


def _first_chars(items: Any) -> tuple[set[str], bool]:
    """The characters a match of a parsed sequence can begin with, and whether it can be empty."""
    chars: set[str] = set()
    for op, argument in items:
        first, nullable = _first_chars_of(op, argument)
        chars |= first
        if not nullable:
            return chars, False
    return chars, True


def _first_chars_of(op: Any, argument: Any) -> tuple[set[str], bool]:
    if op is c.LITERAL:
        return {chr(argument)}, False
    if op is c.IN:
        return _class_chars(argument), False
    if op is c.BRANCH:
        firsts = [_first_chars(branch) for branch in argument[1]]
        return set().union(*(chars for chars, _ in firsts)), any(nullable for _, nullable in firsts)
    if op is c.SUBPATTERN:
        return _first_chars(argument[3])
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        chars, nullable = _first_chars(argument[2])
        return chars, nullable or argument[0] == 0
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return set(), True
    raise ValueError(f"cannot list the first characters of {op}")


def _class_chars(items: Any) -> set[str]:
    chars: set[str] = set()
    for op, argument in items:
        if op is c.LITERAL:
            chars.add(chr(argument))
        elif op is c.RANGE and argument[1] - argument[0] < 256:
            chars.update(map(chr, range(argument[0], argument[1] + 1)))
        else:
            raise ValueError(f"cannot list the characters of {op}")
    return chars
