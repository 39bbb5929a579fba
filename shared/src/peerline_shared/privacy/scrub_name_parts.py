"""A surname or a nickname left beside a "[name]" after a first pass: "[name] Лях",
"[name] Гвоздь", "[name] Хромой". The first pass knows the given name ("Оксана") but not every
surname or nickname; mid-sentence, a capitalised Cyrillic noun or adjective right after a
person's name is that person's other name far more often than anything else. The span
returned covers the placeholder too, so the next pass leaves one "[name]".
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from pymorphy3 import MorphAnalyzer

from peerline_shared.privacy.scrub_address_town import frame_words_and_towns
from peerline_shared.privacy.scrub_not_persons import not_a_person
from peerline_shared.privacy.scrub_spans import Span

PLACEHOLDER = "[name]"

# One space, then a capitalised Cyrillic word of three letters or more (not an acronym in
# capitals: "[name] ВИЧ") not followed by a house number ("[name] Джаддеси 38" is a street).
# Latin letters stay out: there the next sentence often starts without a full stop
# ("[name] It's", "[name] Woche" in German).
_OTHER_NAME = re.compile(
    r"[ \t](?P<word>[А-ЯЁІЇЄҐ][а-яёіїєґ'’ʼ]{2,20}(?:-[А-ЯЁІЇЄҐа-яёіїєґ]{2,20})?)(?![\w'’ʼ-])(?![ \t]*\d)"
)
# A message often runs on without a full stop ("[name] Куда идти?", "[name] Спасибо всем"):
# a word whose first reading is no noun or adjective starts the next sentence.
_SENTENCE_WORDS = frozenset(
    {"CONJ", "PREP", "PRCL", "NPRO", "ADVB", "INTJ", "PRED", "VERB", "INFN", "GRND", "PRTS", "NUMR", "COMP"}
)
# Kazakh and Kyrgyz glue case endings to a capitalised town ("қазір Шымкенттемін"): there a
# capitalised word after a name is as often a place, so the rule stays off.
_TURKIC_LETTERS = re.compile(r"[әғқңөұүһ]")


class NameParts:
    def __init__(self, analyzers: Mapping[str, MorphAnalyzer]) -> None:
        self._analyzers = tuple(analyzers.values())

    def find(self, text: str) -> Iterator[Span]:
        """A "[name]" widened over the surname or nickname right after it."""
        position = text.find(PLACEHOLDER)
        if position >= 0 and _TURKIC_LETTERS.search(text):
            return
        while position >= 0:
            end = position + len(PLACEHOLDER)
            other = _OTHER_NAME.match(text, end)
            if other is not None and self._is_other_name(text, other.start("word"), other.end("word")):
                yield Span(position, other.end(), "name")
                end = other.end()
            position = text.find(PLACEHOLDER, end)

    def _is_other_name(self, text: str, start: int, end: int) -> bool:
        word = text[start:end].lower()
        if word in frame_words_and_towns() or self._starts_a_sentence(word):
            return False
        return not not_a_person(text, start, end)

    def _starts_a_sentence(self, word: str) -> bool:
        return any(analyzer.parse(word)[0].tag.POS in _SENTENCE_WORDS for analyzer in self._analyzers)
