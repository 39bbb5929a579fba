"""A surname left before a "[name]" after a first pass (fifteenth round): "Таранов [name]"
(of "Таранов Юрий Борисович"), "проводник Хмелевский [name]" (of "Хмелевский Артур").

Forms and officials put the surname first; the first pass knows the given name and patronymic
but not every surname. A capitalised Cyrillic word right before a person's name is taken when
a dictionary reads it as a surname ("Таранов", "Ковач", "Сабо"), or when it ends as a
surname-adjective ("-ский", "-цкий", "-ська") and no dictionary knows it as a word ("Русский",
"Киевский" stay). The mirror of `scrub_name_parts`, which takes the word after the name. The
span covers the placeholder too, so the next pass leaves one "[name]".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

from pymorphy3 import MorphAnalyzer
from pymorphy3.analyzer import Parse

from peerline_shared.privacy.scrub_address_town import frame_words_and_towns
from peerline_shared.privacy.scrub_name_words import in_dictionary
from peerline_shared.privacy.scrub_not_persons import not_a_person
from peerline_shared.privacy.scrub_spans import Span

PLACEHOLDER = "[name]"

# A capitalised Cyrillic word, a space, a placeholder: most texts have none, and `re` finds the
# "[" of each placeholder quickly.
_CANDIDATE = re.compile(r"\[name\](?<=[А-ЯЁІЇЄҐа-яёіїєґ'’ʼ]{3}[ \t]\[name\])")
_WORD_BEFORE = re.compile(r"(?<![\w'’ʼ-])[А-ЯЁІЇЄҐ][а-яёіїєґ'’ʼ]{2,20}[ \t]$")
# A street named after people ("на Гвардейцев [name]"): a place, not a surname.
_PREPOSITION_BEFORE = re.compile(r"(?<![\w])(?i:на|в|во|у|по|до|к|з|із|с|со|от|від)[ \t]+$")
_ADJECTIVE_SURNAME = re.compile(r"(?:ск|цк|ськ|цьк)(?:ий|ая|а|ой|і)$")
# A word whose first reading is none of a noun's or adjective's starts or ends a phrase.
_NOT_A_NAME_READING = frozenset({"CONJ", "PREP", "PRCL", "NPRO", "ADVB", "INTJ", "PRED", "VERB", "INFN"})


class SurnamesBeforeNames:
    def __init__(self, analyzers: Mapping[str, MorphAnalyzer]) -> None:
        self._analyzers = tuple(analyzers.values())
        self._verdicts: dict[str, bool] = {}

    def find(self, text: str) -> Iterable[Span]:
        if PLACEHOLDER not in text or _CANDIDATE.search(text) is None:
            return ()
        return self._surnames(text)

    def _surnames(self, text: str) -> Iterator[Span]:
        position = text.find(PLACEHOLDER)
        while position > 0:
            before = _word_before(text, position)
            if before is not None and self._is_surname(text, before.start(), before.end() - 1):
                yield Span(before.start(), position + len(PLACEHOLDER), "name")
            position = text.find(PLACEHOLDER, position + len(PLACEHOLDER))

    def _is_surname(self, text: str, start: int, end: int) -> bool:
        if _PREPOSITION_BEFORE.search(text, max(0, start - 6), start):
            return False
        return self._reads_as_surname(text[start:end].lower()) and not not_a_person(text, start, end)

    def _reads_as_surname(self, word: str) -> bool:
        """What the dictionaries say of the word alone, asked once per word."""
        verdict = self._verdicts.get(word)
        if verdict is None:
            verdict = self._verdicts[word] = self._dictionaries_read_surname(word)
        return verdict

    def _dictionaries_read_surname(self, word: str) -> bool:
        if word in frame_words_and_towns():
            return False
        readings = [analyzer.parse(word) for analyzer in self._analyzers]
        if any(parses and parses[0].tag.POS in _NOT_A_NAME_READING for parses in readings):
            return False  # "Зовут [name]"
        parses = [parse for parses in readings for parse in parses]
        if any(parses and _common_noun_named(parses[0]) for parses in readings):
            return False  # "Коллега [name]", "Лікарка [name]", "Кличка [name]": who, not whose
        if any({"Surn", "nomn"} in parse.tag and in_dictionary(parse.methods_stack) for parse in parses):
            return True
        known = any(in_dictionary(parse.methods_stack) for parse in parses)
        return not known and _ADJECTIVE_SURNAME.search(word) is not None


def _word_before(text: str, position: int) -> re.Match[str] | None:
    # Most placeholders follow punctuation or a lower-case word: no search there.
    if position < 4 or text[position - 1] not in " \t" or not text[position - 2].isalpha():
        return None
    return _WORD_BEFORE.search(text, max(0, position - 24), position)


def _common_noun_named(parse: Parse) -> bool:
    """A dictionary's first reading a noun in the singular nominative that is no name: a word
    for a person or a thing that stands before the name it introduces."""
    tag = parse.tag
    return (
        tag.POS == "NOUN"
        and "nomn" in tag
        and "plur" not in tag
        and not ({"Surn"} in tag or {"Name"} in tag or {"Patr"} in tag)
        and in_dictionary(parse.methods_stack)
    )
