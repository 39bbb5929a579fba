"""One spelling key for the Latin transliterations of a given name.

"Yuliia", "Julia", "JULIIA", "Yulia" and "Юлія" all name one woman; passports, host-country
offices and the writers themselves spell such a name in several systems (Ukrainian national,
Russian passport, German or Polish "j" and "sch"). `latin_key` maps every such spelling to one
key, and `cyrillic_keys` gives the keys of a Cyrillic name, so a Latin word can be looked up
among the given names of both lists whatever system wrote it.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import product

_SEQUENCES = (("tsch", "ch"), ("sch", "sh"), ("tch", "ch"), ("tz", "ts"), ("kh", "h"), ("x", "ks"))
_LETTERS = str.maketrans({"j": "y", "w": "v"})
_DOUBLED = re.compile(r"(.)\1+")
_CYRILLIC_LATIN: dict[str, tuple[str, ...]] = {
    "а": ("a",), "б": ("b",), "в": ("v",), "г": ("h", "g"), "ґ": ("g",), "д": ("d",),
    "е": ("e",), "є": ("ie",), "ё": ("io", "e"), "ж": ("zh",), "з": ("z",), "и": ("y", "i"),
    "і": ("i",), "ї": ("i",), "й": ("i",), "к": ("k",), "л": ("l",), "м": ("m",), "н": ("n",),
    "о": ("o",), "п": ("p",), "р": ("r",), "с": ("s",), "т": ("t",), "у": ("u",), "ф": ("f",),
    "х": ("kh",), "ц": ("ts",), "ч": ("ch",), "ш": ("sh",), "щ": ("shch",), "ъ": ("",),
    "ы": ("y",), "ь": ("",), "э": ("e",), "ю": ("iu",), "я": ("ia",), "'": ("",), "’": ("",),
}  # fmt: skip
MIN_KEY_LENGTH = 4  # "Ion", "Gor": too many short words are something else


def latin_key(word: str) -> str:
    """The spelling key of a Latin word ("JULIIA" and "Yulia" -> "iulia")."""
    text = unicodedata.normalize("NFKD", word.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).translate(_LETTERS)
    for sequence, replacement in _SEQUENCES:
        text = text.replace(sequence, replacement)
    return _DOUBLED.sub(r"\1", text.replace("y", "i"))


def cyrillic_keys(name: str) -> set[str]:
    """The spelling keys of every common Latin transliteration of a Cyrillic name."""
    options = [_CYRILLIC_LATIN.get(ch, (ch,)) for ch in name.lower()]
    if any(not ("a" <= part[:1] <= "z" or part == "") for choice in options for part in choice):
        return set()  # a letter outside the table: no transliteration
    return {latin_key("".join(parts)) for parts in product(*options)}
