"""Names in Greek letters (fifteenth round).

Greek offices, landlords and volunteers write a Ukrainian or Hungarian client's name in Greek
letters ("Ολένα Κραβτσένκο", "Ντμίτρο Μπαλόγκ", "Λάσλο Βαργκά"), which no dictionary of the
scrubber reads. A capitalised Greek word is read aloud in Latin letters by the modern
pronunciation ("ντ" is "d" at a word's start, "μπ" is "b", "ου" is "u") and looked up among
the given names by their spelling keys, as a Latin word is (`scrub_translit`); a surname is
the capitalised Greek word right after the given name (or before it, when none follows:
"Λακατός Γιόζεφ" is written surname first), or a word ending as the region's surnames end
("-енко", "-чук", "-ов": "Κραβτσένκο", "Σαβτσούκ").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator

from peerline_shared.privacy.scrub_not_persons import not_a_person
from peerline_shared.privacy.scrub_spans import Span
from peerline_shared.privacy.scrub_translit import MIN_KEY_LENGTH

# Searched on its own (Greek letters in the one scan, `scrub_triggers`, slowed every text's), as
# one range: every Greek word holds an unaccented small letter or begins a name's capital.
_GREEK_LETTER = re.compile("[Ά-ω]")
_WORD = re.compile(r"(?<![\w])[Α-ΩΆΈΉΊΌΎΏ][α-ωάέήίόύώϊϋΐΰς]{2,30}(?![\w])")
# Pairs first: "ου" is one vowel, "ντ" and "μπ" are "d" and "b" at a word's start.
_PAIRS_AT_START = (("ντ", "d"), ("μπ", "b"), ("γκ", "g"), ("γι", "y"))
_PAIRS = (("ου", "u"), ("αι", "e"), ("ει", "i"), ("οι", "i"), ("ντ", "nd"), ("μπ", "mb"), ("γκ", "g"),
          ("γγ", "ng"), ("τσ", "ts"), ("τζ", "dz"), ("γι", "y"))  # fmt: skip
_LETTERS = str.maketrans({
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th", "ι": "i",
    "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "ks", "ο": "o", "π": "p", "ρ": "r", "σ": "s",
    "ς": "s", "τ": "t", "υ": "i", "φ": "f", "χ": "kh", "ψ": "ps", "ω": "o",
})  # fmt: skip
# Words for a people or a town that read as given names or sit beside one ("Ουκρανή Όλγα",
# "Ρομά", "Αθήνα"): never a name here.
_NOT_NAMES = re.compile(r"ukran|rosi|roma$|romi|elin|vulgar|ungr|athin|ellad")
_SURNAME_ENDING = re.compile(r"(?:enko|chuk|tsuk|iuk|yuk|ov|ova|ev|eva|ski|sky|ska|skii|ych|ich)$")


def latin_reading(word: str) -> str:
    """A Greek word in Latin letters, lower-cased and without accents ("Ντμίτρο" -> "dmitro")."""
    text = "".join(ch for ch in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(ch))
    for pair, latin in _PAIRS_AT_START:
        if text.startswith(pair):
            text = latin + text[len(pair) :]
    for pair, latin in _PAIRS:
        text = text.replace(pair, latin)
    return text.translate(_LETTERS)


class GreekScriptNames:
    """`is_given_name` answers for a lower-cased Latin word (`NameWords.is_latin_first`)."""

    def __init__(self, is_given_name: Callable[[str], bool]) -> None:
        self._is_given_name = is_given_name

    def find(self, text: str) -> Iterable[Span]:
        if text.isascii() or _GREEK_LETTER.search(text) is None:
            return ()
        return self._names(text)

    def _names(self, text: str) -> Iterator[Span]:
        words = list(_WORD.finditer(text))
        taken = -1
        for index, word in enumerate(words):
            if index <= taken:
                continue
            reading = latin_reading(word.group())
            if _NOT_NAMES.match(reading):
                continue
            if len(reading) >= MIN_KEY_LENGTH and self._is_given_name(reading):
                first, taken = _with_surname(text, words, index, taken)
                start, end = words[first].start(), words[taken].end()
            elif _SURNAME_ENDING.search(reading):
                taken = index
                start, end = word.start(), word.end()
            else:
                continue
            if not not_a_person(text, start, end):
                yield Span(start, end, "name")


def _with_surname(text: str, words: list[re.Match[str]], index: int, taken: int) -> tuple[int, int]:
    """The given name's word indexes with the surname beside it: the next word, else the one
    before unless an earlier name took it."""
    if (
        index + 1 < len(words)
        and _adjacent(text, words[index], words[index + 1])
        and not _NOT_NAMES.match(latin_reading(words[index + 1].group()))
    ):
        return index, index + 1
    if (
        index - 1 > taken
        and _adjacent(text, words[index - 1], words[index])
        and not _NOT_NAMES.match(latin_reading(words[index - 1].group()))
    ):
        return index - 1, index
    return index, index


def _adjacent(text: str, before: re.Match[str], after: re.Match[str]) -> bool:
    return text[before.end() : after.start()] == " "
