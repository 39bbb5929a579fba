"""Training sentences for the name tagger, made from templates and word lists in `data/`.

Each template (`data/tagger_templates.txt`) is filled with given names, surnames and
nicknames (to be removed) and places and metro stations (to be kept), Cyrillic ones put in
the case the template asks for, and trained three ways: as written, lower-cased, and with the
names in capitals. A seeded `random.Random` makes the same sentences every time.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib.resources import files

from pymorphy3 import MorphAnalyzer

from peerline_shared.privacy.scrub_name_words import CYRILLIC, load_word_list

_SLOT = re.compile(r"\{([FSNPMDCRT])(?::(\w+))?\}")
_NAME_SLOTS = frozenset("FSN")
_GRAMMEME = {
    "F": "Name",
    "S": "Surn",
    "N": "NOUN",
    "P": "Geox",
    "M": "ADJF",
    "C": "NOUN",
    "R": "Surn",
    "T": "Geox",
}


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    names: tuple[tuple[int, int], ...]  # character spans of the words to remove


def _data(name: str) -> str:
    return files("peerline_shared.privacy").joinpath("data", name).read_text(encoding="utf-8")


def _sections(text: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), [])
        else:
            current.append(line)
    return sections


class SentenceMaker:
    def __init__(self, analyzers: Mapping[str, MorphAnalyzer], seed: int) -> None:
        self._analyzers = analyzers
        self._random = random.Random(seed)
        lines = (line for line in _data("tagger_templates.txt").splitlines() if line.strip())
        self._templates = [tuple(line.split("\t", 1)) for line in lines if not line.startswith("#")]
        words = _sections(_data("tagger_words.txt"))
        given = sorted(
            load_word_list("first_names_cyrillic.txt") | load_word_list("given_names_dictionary.txt")
        )
        places = sorted(load_word_list("places.txt"))
        self._pools = {
            ("F", "cyr"): given,
            ("F", "lat"): sorted(load_word_list("first_names_latin.txt")),
            ("S", "cyr"): words["surnames"],
            ("S", "lat"): words["latin_surnames"],
            ("N", "cyr"): words["nicknames"],
            ("N", "lat"): words["latin_nicknames"],
            ("P", "cyr"): [p for p in places if CYRILLIC.search(p)],
            ("P", "lat"): [p for p in places if not CYRILLIC.search(p)],
            ("M", "cyr"): [s for s in words["stations"] if CYRILLIC.search(s)],
            ("M", "lat"): [s for s in words["stations"] if not CYRILLIC.search(s)],
            ("C", "cyr"): words["common_surnames"],
            ("C", "lat"): words["latin_common_surnames"],
            ("R", "cyr"): words["person_streets"],
            ("R", "lat"): words["latin_person_streets"],
            ("T", "cyr"): words["towns"],
            ("T", "lat"): words["latin_towns"],
        }

    def sentences(self, count: int) -> Iterator[Sentence]:
        for _ in range(count):
            lang, template = self._random.choice(self._templates)
            sentence = self._fill(lang, template)
            yield sentence
            yield Sentence(sentence.text.lower(), sentence.names)
            yield _names_in_capitals(sentence)

    def _fill(self, lang: str, template: str) -> Sentence:
        script = "lat" if lang == "en" else "cyr"
        parts: list[str] = []
        names: list[tuple[int, int]] = []
        position = 0
        length = 0
        for match in _SLOT.finditer(template):
            literal = template[position : match.start()]
            parts.append(literal)
            length += len(literal)
            slot, case = match.group(1), match.group(2)
            word = self._word(slot, case, lang, script)
            if slot in _NAME_SLOTS:
                names.append((length, length + len(word)))
            parts.append(word)
            length += len(word)
            position = match.end()
        parts.append(template[position:])
        return Sentence("".join(parts), tuple(names))

    def _word(self, slot: str, case: str | None, lang: str, script: str) -> str:
        if slot == "D":
            return str(self._random.choice((2, 3, 5, 17, 24, 36, 1987, 2021)))
        word = self._random.choice(self._pools[(slot, script)])
        if case and script == "cyr":
            word = " ".join(self._inflect(part, slot, case, lang) for part in word.split(" "))
        return " ".join(part[:1].upper() + part[1:] for part in word.split(" "))

    def _inflect(self, word: str, slot: str, case: str, lang: str) -> str:
        analyzer = self._analyzers["ru" if lang == "ru" else "uk"]
        parses = analyzer.parse(word)
        wanted = _GRAMMEME[slot]
        parse = next((p for p in parses if wanted in p.tag), parses[0])
        inflected = parse.inflect({case})
        return inflected.word if inflected is not None else word


def _names_in_capitals(sentence: Sentence) -> Sentence:
    text = sentence.text
    for start, end in sentence.names:
        text = text[:start] + text[start:end].upper() + text[end:]
    return Sentence(text, sentence.names)
