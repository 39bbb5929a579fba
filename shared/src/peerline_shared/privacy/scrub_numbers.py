"""Numbers written in words or with look-alike letters, turned back into digits.

"нуль дев'ять сім", "zero nine seven", "О67 l23" and "097 сто двадцять три 45" all carry a
phone number past a digit pattern. `normalise_numbers` rewrites such text into digits and keeps
a map from every rewritten piece back to the original, so a detection on the digits can be
replaced in the original text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from peerline_shared.privacy.scrub_numbers_translit import TRANSLIT_HUNDREDS, TRANSLIT_TENS, TRANSLIT_UNITS
from peerline_shared.privacy.scrub_regex import (
    APOSTROPHES,
    WORD_START,
    AnyOf,
    digit_count,
    lowered,
    prefix_tree_pattern,
)
from peerline_shared.privacy.scrub_triggers import apostrophe_spellings, trigger_words

# Apostrophes vary by keyboard: "п'ять", "п’ять", "пʼять", "п`ять".
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "‘": "'"})

_UNITS = {
    # Thirteenth round: the digits in German, Romanian and Polish too, as clients in those
    # countries dictate a local number ("null sechs sechs vier", "zero șapte doi").
    **dict.fromkeys(("нуль", "ноль", "zero", "oh", "nought", "null"), 0),
    **dict.fromkeys(("один", "одна", "одне", "одно", "одну", "one", "eins", "unu", "jeden"), 1),
    **dict.fromkeys(("два", "дві", "две", "two", "zwei", "zwo", "doi", "dwa"), 2),
    **dict.fromkeys(("три", "three", "drei", "trei", "trzy"), 3),
    **dict.fromkeys(("чотири", "четыре", "four", "vier", "patru", "cztery"), 4),
    **dict.fromkeys(("п'ять", "пять", "five", "fünf", "cinci", "pięć"), 5),
    **dict.fromkeys(("шість", "шесть", "six", "sechs", "șase", "şase", "sase", "sześć"), 6),
    **dict.fromkeys(("сім", "семь", "seven", "sieben", "șapte", "şapte", "sapte", "siedem"), 7),
    **dict.fromkeys(("вісім", "восемь", "eight", "acht", "opt", "osiem"), 8),
    **dict.fromkeys(("дев'ять", "девять", "nine", "neun", "nouă", "noua", "dziewięć"), 9),
    **dict.fromkeys(("десять", "ten"), 10),
    **dict.fromkeys(("одинадцять", "одиннадцать", "eleven"), 11),
    **dict.fromkeys(("дванадцять", "двенадцать", "twelve"), 12),
    **dict.fromkeys(("тринадцять", "тринадцать", "thirteen"), 13),
    **dict.fromkeys(("чотирнадцять", "четырнадцать", "fourteen"), 14),
    **dict.fromkeys(("п'ятнадцять", "пятнадцать", "fifteen"), 15),
    **dict.fromkeys(("шістнадцять", "шестнадцать", "sixteen"), 16),
    **dict.fromkeys(("сімнадцять", "семнадцать", "seventeen"), 17),
    **dict.fromkeys(("вісімнадцять", "восемнадцать", "eighteen"), 18),
    **dict.fromkeys(("дев'ятнадцять", "девятнадцать", "nineteen"), 19),
    **TRANSLIT_UNITS,
}
_TENS = {
    **dict.fromkeys(("двадцять", "двадцать", "twenty"), 20),
    **dict.fromkeys(("тридцять", "тридцать", "thirty"), 30),
    **dict.fromkeys(("сорок", "forty", "fourty"), 40),
    **dict.fromkeys(("п'ятдесят", "пятьдесят", "fifty"), 50),
    **dict.fromkeys(("шістдесят", "шестьдесят", "sixty"), 60),
    **dict.fromkeys(("сімдесят", "семьдесят", "seventy"), 70),
    **dict.fromkeys(("вісімдесят", "восемьдесят", "eighty"), 80),
    **dict.fromkeys(("дев'яносто", "девяносто", "ninety"), 90),
    **TRANSLIT_TENS,
}
_HUNDREDS = {
    **dict.fromkeys(("сто", "one hundred"), 100),
    **dict.fromkeys(("двісті", "двести"), 200),
    **dict.fromkeys(("триста",), 300),
    **dict.fromkeys(("чотириста", "четыреста"), 400),
    **dict.fromkeys(("п'ятсот", "пятьсот"), 500),
    **dict.fromkeys(("шістсот", "шестьсот"), 600),
    **dict.fromkeys(("сімсот", "семьсот"), 700),
    **dict.fromkeys(("вісімсот", "восемьсот"), 800),
    **dict.fromkeys(("дев'ятсот", "девятьсот"), 900),
    **TRANSLIT_HUNDREDS,
}
_HYPHENS = frozenset("-‐‑")
_REPEATS = {"double": 2, "triple": 3, "дважды": 2, "двічі": 2}
_PLUS = frozenset(("плюс", "plus"))
_NUMBER_WORDS = frozenset(_UNITS) | frozenset(_TENS) | frozenset(_HUNDREDS)

# Letters that stand in for digits inside a number: Latin and Cyrillic O, l/I/і, З, Б, b.
_LOOK_ALIKES = str.maketrans(
    {"O": "0", "o": "0", "О": "0", "о": "0", "l": "1", "I": "1", "і": "1", "І": "1", "|": "1",
     "З": "3", "з": "3", "Б": "6", "б": "6", "b": "6", "B": "8", "S": "5", "s": "5"}
)  # fmt: skip
_LOOK_ALIKE_CHARS = "OoОоlIіІ|ЗзБбbBSs"
_LONE_LOOK_ALIKES = frozenset("OОIl|З")  # standing alone: the unambiguous ones
_DICTATION_GAPS = frozenset((" ", "  ", " - ", "-", "–", "—", " – ", " — "))
# A look-alike standing alone next to a digit ("O 7 5", "8 4 O - 3")
_LONE_LOOK_ALIKE = AnyOf(
    re.compile(r"[OОIl|З](?<![\w|][OОIl|З])(?![\w|])[ \t\-–—]{1,3}\d"),
    re.compile(r"\d[ \t\-–—]{1,3}[OОIl|З](?![\w|])"),
)
_MIXED = re.compile(rf"(?<![\w])(?=[\w|]*\d)(?=[\w|]*[{_LOOK_ALIKE_CHARS}])[\d{_LOOK_ALIKE_CHARS}]+")
# Digits glued to a word are a token of their own ("0шість" is 0 and 6).
_TOKEN = re.compile(r"\d+(?=[^\W\d_]{3})|\w+(?:['’ʼ`‘]\w+)*|\s+|.", re.DOTALL)
_DIGIT_OR_LOOK_ALIKE = f"[0-9{re.escape(_LOOK_ALIKE_CHARS)}]"
# A whole word of [\w|]: it begins after and ends before a character outside [\w|]. The
# look-behind follows the first character so that the pattern begins with a character set.
_DIGITS_AND_LOOK_ALIKES_WORD = re.compile(
    rf"{_DIGIT_OR_LOOK_ALIKE}(?<![\w|]{_DIGIT_OR_LOOK_ALIKE}){_DIGIT_OR_LOOK_ALIKE}*(?![\w|])"
)
_HINT_WORDS = _NUMBER_WORDS | _PLUS | frozenset(_REPEATS)
# A hint word that is a whole token (words joined by an apostrophe are one: "п'ять"),
# searched in one pass over the words as a prefix tree: translating the apostrophes first, or
# a plain alternation of the words, cost more than all the rest of the check.
_HINT_TOKEN = re.compile(
    prefix_tree_pattern(
        (word for word in _HINT_WORDS if " " not in word),  # "one hundred" is never one token
        after_first=rf"{WORD_START}(?<!\w{APOSTROPHES}.)",
    )
    + rf"(?!\w)(?!{APOSTROPHES}\w)"
)
# What `_HINT_TOKEN` cannot match without, found in the one scan of every family's words.
_HINT_WORD_PARTS = trigger_words(
    apostrophe_spellings(word for word in _HINT_WORDS if " " not in word), at_word_start=True
)


@dataclass(frozen=True, slots=True)
class Normalised:
    """`text` with number words as digits; `starts[i]`/`origins[i]` map piece i back."""

    text: str
    starts: tuple[int, ...]  # where each piece begins in `text`
    origins: tuple[tuple[int, int], ...]  # the piece's span in the original

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        first = bisect_right(self.starts, start) - 1
        last = bisect_right(self.starts, max(start, end - 1)) - 1
        return self.origins[first][0], self.origins[last][1]


@lru_cache(maxsize=256)
def normalise_numbers(text: str) -> Normalised | None:
    """The text with number words and look-alike letters as digits; None when nothing changes."""
    if not _worth_normalising(text):
        return None
    pieces = _digits_for_lone_look_alikes(_join_dictated(list(_pieces(text))))
    changed = any(text[a:b] != piece for piece, a, b in pieces)
    if not changed:
        return None
    starts: list[int] = []
    origins: list[tuple[int, int]] = []
    parts: list[str] = []
    position = 0
    for piece, a, b in pieces:
        starts.append(position)
        origins.append((a, b))
        parts.append(piece)
        position += len(piece)
    return Normalised("".join(parts), tuple(starts), tuple(origins))


def _worth_normalising(text: str) -> bool:
    """A number word, or a word of digits with look-alike letters ("О67"), is in the text."""
    lower = lowered(text)[0]
    if _HINT_WORD_PARTS.search(lower) and _HINT_TOKEN.search(lower):
        return True
    if not digit_count(text):  # the rest needs a digit (most texts after their first pass)
        return False
    if _LONE_LOOK_ALIKE.search(text):
        return True
    # Only whole words of digits and look-alikes, found in one linear pass: a pattern that
    # looks for a digit inside a word backtracks quadratically over a long word without one.
    return any(
        not token.isdigit() and any(ch.isdigit() for ch in token)
        for token in _DIGITS_AND_LOOK_ALIKES_WORD.findall(text)
    )


def _pieces(text: str) -> Iterator[tuple[str, int, int]]:
    """(replacement, start, end) for each token; number phrases become one digit piece."""
    tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    index = 0
    while index < len(tokens):
        word, start, end = tokens[index]
        key = word.lower().translate(_APOSTROPHES)
        if key in _PLUS:
            yield "+", start, end
        elif key in _REPEATS or key in _NUMBER_WORDS:
            digits, index = _number_phrase(tokens, index)
            yield digits, start, tokens[index - 1][2]
            continue
        elif word[0].isalnum() and _MIXED.fullmatch(word):
            yield word.translate(_LOOK_ALIKES), start, end
        else:
            yield word, start, end
        index += 1


def _join_dictated(pieces: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Commas between dictated groups ("zero nine seven, one two three") become spaces."""
    for index in range(1, len(pieces) - 2):
        piece, start, end = pieces[index]
        before, after, next_group = pieces[index - 1][0], pieces[index + 1][0], pieces[index + 2][0]
        if piece in ",;" and before.isdigit() and after.isspace() and next_group.isdigit():
            pieces[index] = (" ", start, end)
    return pieces


def _digits_for_lone_look_alikes(pieces: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """A look-alike letter standing alone among dictated digits ("O 7 5 1 2 - 8 4 O - 3 I 7")
    is a digit when the run of single digits and groups it stands in holds six digits or more."""
    run: list[int] = []  # indexes of the run's digit and look-alike pieces
    for index, (piece, _, _) in enumerate([*pieces, ("", 0, 0)]):
        if piece.isdigit() or piece in _LONE_LOOK_ALIKES:
            run.append(index)
        elif not (piece in _DICTATION_GAPS and run):
            _convert_run(pieces, run)
            run = []
    return pieces


def _convert_run(pieces: list[tuple[str, int, int]], run: list[int]) -> None:
    if sum(len(pieces[index][0]) for index in run if pieces[index][0].isdigit()) < 6:
        return
    for index in run:
        piece, start, end = pieces[index]
        if not piece.isdigit():
            pieces[index] = (piece.translate(_LOOK_ALIKES), start, end)


def _number_phrase(tokens: list[tuple[str, int, int]], index: int) -> tuple[str, int]:
    """Digits for the number phrase starting at `index`, and the index after it."""
    words: list[tuple[str, int]] = []  # (key, token index)
    probe = index
    while probe < len(tokens):
        key = tokens[probe][0].lower().translate(_APOSTROPHES)
        if key in _NUMBER_WORDS or key in _REPEATS:
            words.append((key, probe))
            probe += 1
        elif tokens[probe][0].isspace() and words and probe + 1 < len(tokens):
            probe += 1
        elif tokens[probe][0] in _HYPHENS and words and _tens_then_unit(words[-1][0], tokens, probe + 1):
            probe += 1  # "sixty-seven", "двадцять-три"
        else:
            break
    digits, consumed = _read_number(words)
    return digits, words[consumed - 1][1] + 1


def _tens_then_unit(tens: str, tokens: list[tuple[str, int, int]], index: int) -> bool:
    if tens not in _TENS or index >= len(tokens):
        return False
    unit = _UNITS.get(tokens[index][0].lower().translate(_APOSTROPHES))
    return unit is not None and 0 < unit < 10


def _read_number(words: list[tuple[str, int]]) -> tuple[str, int]:
    """One number from the start of `words`: hundreds, tens, units ("сто двадцять три")."""
    if words[0][0] in _REPEATS:
        if len(words) > 1 and words[1][0] in _UNITS and _UNITS[words[1][0]] < 10:
            return str(_UNITS[words[1][0]]) * _REPEATS[words[0][0]], 2
        return words[0][0], 1
    value, used, width = 0, 0, 1
    if words[used][0] in _HUNDREDS:
        value, used, width = _HUNDREDS[words[used][0]], used + 1, 3
    tens = used < len(words) and words[used][0] in _TENS
    if tens:
        value, used, width = value + _TENS[words[used][0]], used + 1, max(width, 2)
    if used < len(words) and words[used][0] in _UNITS:
        unit = _UNITS[words[used][0]]
        # A teen after hundreds is one number ("девятьсот шестнадцать": 916), not after tens.
        if used == 0 or unit < 10 or not tens:
            value, used = value + unit, used + 1
            width = max(width, 2 if unit >= 10 else 1)
    return str(value).zfill(width), used
