"""Cutting a message into tokens and clauses, and turning Latin transliteration back into Cyrillic.

Clauses matter because modifiers ("a year ago", "what if") only change the cues near them:
"4 days ago he took methadone, now he is seizing" is still an emergency.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from peerline_triage.classifier.model import Lang

# Replaced one by one where present: `str.translate` with a table looks up every character of
# the text in a dict (4 µs a message, twice: the lexicons and the learned model normalise).
_APOSTROPHES = (("’", "'"), ("ʼ", "'"), ("`", "'"), ("′", "'"), ("‘", "'"), ("ё", "е"))
_TOKEN = re.compile(
    r"(?P<num>\d+(?:[.,]\d+)?)"
    r"|(?P<word>[^\W\d_]+(?:['-][^\W\d_]+)*)"
    r"|(?P<sep>[.!?;:\n()«»\"…,—–]+)"
    r"|(?P<plus>\+)"
)
_LATIN = re.compile(r"[a-z]")


class Token(NamedTuple):
    text: str
    clause: int
    latin: bool


def normalise(text: str) -> str:
    text = text.lower()
    for variant, plain in _APOSTROPHES:
        if variant in text:
            text = text.replace(variant, plain)
    return text


def tokenise(text: str, clause_breakers: frozenset[str]) -> list[Token]:
    """Tokens of the lower-cased text; each knows its clause (split by punctuation and `but`)."""
    tokens: list[Token] = []
    clause = 0
    normalised = normalise(text)
    # `findall`'s tuples of groups cost less than match objects; a text without a Latin letter
    # (most Cyrillic messages) needs no search for one in each word
    any_latin = _LATIN.search(normalised) is not None
    for number, word, separator, plus in _TOKEN.findall(normalised):
        if separator:
            clause += 1
        elif plus:
            if tokens:  # "ВІЛ+" / "HIV+" reads as "positive"
                tokens.append(Token("+", tokens[-1].clause, False))
        else:
            value = word or number
            if value in clause_breakers:
                clause += 1
            tokens.append(Token(value, clause, any_latin and bool(word) and _LATIN.search(word) is not None))
    return tokens


def model_words(tokens: list[Token]) -> list[str]:
    """The learned model's words of the text these are the tokens of (`learned.text_words`:
    words and runs of digits), without a second pass over the text: a number token of two
    parts ("1.5", "2,5") is two numbers there, and "+" is not a word."""
    words: list[str] = []
    for token in tokens:
        value = token.text
        if value == "+":
            continue
        if "." in value or "," in value:
            words.extend(value.replace(",", ".").split("."))
        else:
            words.append(value)
    return words


# Latin letters (a-z) and Cyrillic ones (а-я, і ї є ґ) are counted as bytes: each is one byte
# in ASCII, or in cp1251 (а-я are 0xE0-0xFF, і ї є ґ four more), whose other bytes are other
# characters; what an encoding lacks is dropped. Two regex findalls built a string for each
# letter (10 µs a message).
_NOT_LATIN = bytes(b for b in range(256) if not ord("a") <= b <= ord("z"))
_CYRILLIC_CP1251 = frozenset("".join(chr(c) for c in range(ord("а"), ord("я") + 1)) + "іїєґ")
_NOT_CYRILLIC = bytes(b for b in range(256) if bytes([b]).decode("cp1251", "replace") not in _CYRILLIC_CP1251)


def script_share(text: str) -> tuple[int, int]:
    """How many Latin and Cyrillic letters the text has."""
    lowered = text.lower()
    latin = len(lowered.encode("ascii", "ignore").translate(None, _NOT_LATIN))
    cyrillic = len(lowered.encode("cp1251", "ignore").translate(None, _NOT_CYRILLIC))
    return latin, cyrillic


# Longest first. Common informal Latin spellings of Ukrainian and Russian (not one standard:
# people write "dyshe", "dihaet", "shcho", "scho", "zh", "ž" all in the same chat).
_MULTI: dict[Lang, tuple[tuple[str, str], ...]] = {
    "uk": (
        ("shch", "щ"),
        ("sch", "щ"),
        ("zh", "ж"),
        ("kh", "х"),
        ("ch", "ч"),
        ("sh", "ш"),
        ("ts", "ц"),
        ("ya", "я"),
        ("ja", "я"),
        ("yu", "ю"),
        ("ju", "ю"),
        ("ye", "є"),
        ("je", "є"),
        ("yi", "ї"),
        ("ji", "ї"),
        ("yo", "йо"),
        ("iy", "ий"),
        ("yy", "ий"),
        ("ia", "я"),
        ("iu", "ю"),
        ("ie", "є"),
    ),
    "ru": (
        ("shch", "щ"),
        ("sch", "щ"),
        ("zh", "ж"),
        ("kh", "х"),
        ("ch", "ч"),
        ("sh", "ш"),
        ("ts", "ц"),
        ("ya", "я"),
        ("ja", "я"),
        ("yu", "ю"),
        ("ju", "ю"),
        ("yo", "е"),
        ("jo", "е"),
        ("ye", "е"),
        ("je", "е"),
        ("iy", "ий"),
        ("yy", "ый"),
        ("yi", "ый"),
        ("ia", "я"),
        ("iu", "ю"),
    ),
    "en": (),
}
# Latin letters read the same way in Ukrainian and Russian transliteration; the few that
# differ are set per language below.
_SHARED_SINGLE: dict[str, str] = dict(zip("abvwgdezjklmnoprstufcq", "абввгдезйклмнопрстуфцк", strict=True))
_SHARED_SINGLE["x"] = "кс"
_SINGLE: dict[Lang, dict[str, str]] = {
    "uk": {**_SHARED_SINGLE, "h": "г", "y": "и", "i": "і", "'": "'"},
    "ru": {**_SHARED_SINGLE, "h": "х", "y": "ы", "i": "и", "'": "ь"},
    "en": {},
}
# Second guesses for letters whose reading depends on the word: tried when the first guess
# is not a dictionary word ("hrapit" is храпит, "hvylyn" is хвилин).
_ALTERNATIVES: dict[Lang, dict[str, str]] = {
    "uk": {"г": "х", "и": "й", "і": "и", "є": "е", "ц": "ч"},
    "ru": {"х": "г", "ы": "и", "и": "й", "е": "э", "ц": "ч"},
    "en": {},
}
_VOWELS = set("aeiouy")


@lru_cache(maxsize=65536)
def transliterate_word(word: str, lang: Lang) -> tuple[str, ...]:
    """Cyrillic readings of one Latin word, most likely first."""
    if lang == "en":
        return (word,)
    multi = _MULTI[lang]
    single = _SINGLE[lang]
    out: list[str] = []
    i = 0
    while i < len(word):
        for latin, cyr in multi:
            if word.startswith(latin, i):
                out.append(cyr)
                i += len(latin)
                break
        else:
            char = word[i]
            if char == "y" and i == len(word) - 1 and i > 0 and word[i - 1] in _VOWELS:
                out.append("й")
            else:
                out.append(single.get(char, char))
            i += 1
    first = "".join(out)
    return (first, *_variants(first, _ALTERNATIVES[lang]))


def _variants(word: str, alternatives: dict[str, str]) -> list[str]:
    """Single and all-at-once substitutions: cheap, and enough for the usual ambiguities."""
    found: list[str] = []
    for source, target in alternatives.items():
        if source not in word:
            continue
        found.append(word.replace(source, target))
        index = word.find(source)
        while index != -1:
            found.append(word[:index] + target + word[index + 1 :])
            index = word.find(source, index + 1)
    return found
