"""A surname or a nickname left beside a "[name]" after a first pass: "[name] Лях",
"[name] Гвоздь", "[name] Hall". The first pass knows the given name ("Оксана") but not every
surname or nickname; mid-sentence, a capitalised word right after a person's name is that
person's other name far more often than anything else. The span returned covers the
placeholder too, so the next pass leaves one "[name]".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from peerline_shared.privacy.scrub_name_words import load_word_list
from peerline_shared.privacy.scrub_not_persons import not_a_person
from peerline_shared.privacy.scrub_spans import Span

PLACEHOLDER = "[name]"

# A capitalised word of three letters or more (not an acronym in capitals: "[name] ВИЧ"),
# that ends a clause or is followed by lower case, after one space.
_OTHER_NAME = re.compile(
    r"[ \t](?P<word>[A-ZÀ-ŽА-ЯІЇЄҐ][a-zà-žа-яіїєґё'’ʼ]{2,20}(?:-[A-ZÀ-ŽА-ЯІЇЄҐa-zà-žа-яіїєґё]{2,20})?)"
    r"(?![\w'’ʼ-])"
)
# "[name] Street", "[name] I": words that follow a name and are no name.
_NOT_AFTER_NAME = frozenset(
    {"street", "road", "avenue", "the", "and", "from", "says", "said", "has", "was", "is", "will"}
)


# Kazakh and Kyrgyz glue case endings to a capitalised town ("қазір Шымкенттемін"): there a
# capitalised word after a name is as often a place, so the rule stays off.
_TURKIC_LETTERS = re.compile(r"[әғқңөұүһ]")


def find_name_parts(text: str) -> Iterator[Span]:
    """A "[name]" widened over the surname or nickname right after it."""
    position = text.find(PLACEHOLDER)
    if position >= 0 and _TURKIC_LETTERS.search(text):
        return
    while position >= 0:
        end = position + len(PLACEHOLDER)
        other = _OTHER_NAME.match(text, end)
        if other is not None and _is_other_name(text, other.start("word"), other.end("word")):
            yield Span(position, other.end(), "name")
            end = other.end()
        position = text.find(PLACEHOLDER, end)


def _is_other_name(text: str, start: int, end: int) -> bool:
    word = text[start:end].lower()
    if word in _NOT_AFTER_NAME or word in _frame_words_and_towns():
        return False
    return not not_a_person(text, start, end)


@cache
def _frame_words_and_towns() -> frozenset[str]:
    return load_word_list("frame_words.txt") | load_word_list("places.txt")
