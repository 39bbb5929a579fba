"""What a word can be in a name: given name, surname, ordinary word or place, from pymorphy3's
dictionaries (uk, ru) and the word lists in `data/`. `NameWords.classify` answers per word
and caches; `scrub_names` decides from the words' positions which runs are names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib.resources import files

from pymorphy3 import MorphAnalyzer
from pymorphy3.analyzer import Parse
from pymorphy3.units.by_analogy import KnownSuffixAnalyzer
from pymorphy3.units.by_lookup import DictionaryAnalyzer

from peerline_shared.privacy import scrub_name_cues as cues
from peerline_shared.privacy.scrub_kept_words import MEDICINE
from peerline_shared.privacy.scrub_name_elements import compound_given_name
from peerline_shared.privacy.scrub_translit import MIN_KEY_LENGTH, cyrillic_keys, latin_key

CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_UK_ONLY = re.compile(r"[іїєґІЇЄҐ]")
_RU_ONLY = re.compile(r"[ыэъёЫЭЪЁ]")
_GUESSED = KnownSuffixAnalyzer.FakeDictionary
_PERSONAL = frozenset({"Name", "Surn", "Patr"})
_UK_TO_RU = str.maketrans({"і": "и", "ї": "и", "є": "е", "ґ": "г"})
_CASE_ENDINGS = ("ові", "еві", "ом", "ем", "ой", "ою", "ей", "ю", "у", "а", "я", "і", "и", "е")


@dataclass(frozen=True, slots=True)
class WordInfo:
    first: bool = False  # a given name
    surname: bool = False  # a surname or patronymic
    common: bool = False  # also an ordinary word
    unknown: bool = False  # in no dictionary: may be a rare surname
    blocked: bool = False  # a place or a listed non-name
    place: bool = False
    guessed: bool = False  # known only by analogy with a dictionary word's ending
    # An ordinary reading that is more than the name's own homonym: another part of speech
    # ("Маю": I have) or another noun ("лен"), unless the name reading is the likelier one.
    ordinary: bool = False

    @property
    def name_like(self) -> bool:
        return not self.blocked and (self.first or self.surname or self.unknown or self.guessed)


def load_word_list(name: str) -> frozenset[str]:
    text = files("peerline_shared.privacy").joinpath("data", name).read_text(encoding="utf-8")
    lines = (line.strip().lower() for line in text.splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


class NameWords:
    """The dictionaries and word lists, loaded once per scrubber."""

    def __init__(self, analyzers: Mapping[str, MorphAnalyzer]) -> None:
        self._analyzers = analyzers
        self._latin_first = load_word_list("first_names_latin.txt")
        self.latin_ambiguous = load_word_list("ambiguous_latin.txt")
        self._places = load_word_list("places.txt")
        self._not_names = load_word_list("not_names.txt")
        # The hand list, and the given names of pymorphy3's dictionaries that no dictionary
        # reads as another word (infra/scripts/given_names_list.py): "Заур" in a Ukrainian
        # message, "Anzor" in Latin letters.
        self._cyrillic_first = load_word_list("first_names_cyrillic.txt") | load_word_list(
            "given_names_dictionary.txt"
        )
        # Latin given names in any transliteration ("JULIIA", "Shokhrukh"): by spelling key.
        keys = {latin_key(name) for name in self._latin_first}
        keys.update(key for name in self._cyrillic_first for key in cyrillic_keys(name))
        self._latin_first_keys = frozenset(
            key for key in keys if len(key) >= MIN_KEY_LENGTH and key not in self.latin_ambiguous
        )
        # Cyrillic given names the dictionaries miss ("Богдан" is only a noun there): by the
        # spelling keys of the Latin list's names.
        self._latin_list_keys = frozenset(
            latin_key(name)
            for name in self._latin_first
            if len(name) >= MIN_KEY_LENGTH and name not in self.latin_ambiguous
        )
        # Given names of the host countries and the region in Latin letters, as written only
        # (infra/scripts/international_given_names.py): "Darius", "Declan", "Wout", "Juha".
        self._international_first = load_word_list("given_names_international.txt")
        self._rules_first = load_word_list("given_names_rules_cyrillic.txt") | load_word_list(
            "given_names_rules_latin.txt"
        )
        self.stop_words = load_word_list("stop_words.txt")
        self.cyrillic_ambiguous = load_word_list("ambiguous_cyrillic.txt")
        self._cache: dict[tuple[str, tuple[str, ...]], WordInfo] = {}
        self._rules_cache: dict[tuple[str, tuple[str, ...]], WordInfo] = {}

    def bare_given_name(self, word: str, info: WordInfo) -> bool:
        """A given name standing alone ("Олена", "МАРАТ", "кася"): a person unless the name is
        also an ordinary word ("Надежда", "роман", "Grace"). The dictionaries give "олена" and
        "лена" a common-noun reading too, rare enough to be ignored here."""
        lower = word.lower()
        if not info.first or info.guessed or info.blocked:
            return False
        if len(word) < 4 or info.ordinary:  # "Из", "Маю", "УДО", "Давит"
            return False
        if CYRILLIC.search(word):
            # In lower case the ordinary reading wins ("далі" is "further", not Даля's).
            ordinary = info.common and word.islower()
            return not ordinary and lower not in self.cyrillic_ambiguous
        # Latin in lower case is as often transliterated Russian ("davit": presses).
        listed = lower in self._latin_first and lower not in self.latin_ambiguous
        return listed and not word.islower()

    def classify_for_rules(self, word: str, langs: tuple[str, ...]) -> WordInfo:
        """`classify`, and two more lists for the rules: a Latin word no other list knows is a
        given name when the international list has it, and a Ukrainian spelling of a name the
        lists hold in Russian is that name. The tagger's features stay `classify`'s, so its
        trained weights still describe what it sees."""
        key = (word, langs)
        info = self._rules_cache.get(key)
        if info is None:
            if len(self._rules_cache) > 50_000:
                self._rules_cache.clear()
            info = self._rules_cache[key] = self._classify_for_rules(word, langs)
        return info

    def _classify_for_rules(self, word: str, langs: tuple[str, ...]) -> WordInfo:
        info = self.classify(word, langs)
        lower = word.lower()
        # A dictionary's place reading yields to the hand list ("Дарын", "Мавжуда": villages
        # too), a place the place list holds does not.
        placed = info.place and lower not in self._places
        if (info.guessed and info.first and self._listed_in_any_case(lower)) or (
            (not info.blocked or placed) and self._listed_in_any_case(lower, self._rules_first)
        ):
            # A listed name the dictionaries only guess at ("Гохар", "Севиль"): the list
            # knows it, the guess from its ending (a noun as well) does not.
            return replace(
                info, first=True, unknown=False, guessed=False, common=False, blocked=False, place=False
            )
        if info.first or info.blocked:
            return info
        if info.unknown and lower in self._international_first:
            return _INTERNATIONAL_FIRST
        if info.unknown and lower.isascii() and compound_given_name(lower, self._latin_stem_first):
            return _INTERNATIONAL_FIRST  # "Jasurbek", "Sherali" (scrub_name_elements)
        # A name the lists hold in Russian spelling, written in Ukrainian ("Дільфуза").
        russian = lower.translate(_UK_TO_RU)
        if russian != lower and self._listed_in_any_case(russian):
            return replace(info, first=True, unknown=False, guessed=False)
        return info

    def classify(self, word: str, langs: tuple[str, ...]) -> WordInfo:
        key = (word, langs)
        info = self._cache.get(key)
        if info is None:
            if len(self._cache) > 50_000:
                self._cache.clear()
            info = self._classify(word, langs)
            self._cache[key] = info
        return info

    def _classify(self, word: str, langs: tuple[str, ...]) -> WordInfo:
        lower = word.lower()
        if lower in self._places:
            return WordInfo(blocked=True, place=True)
        if lower in self._not_names or MEDICINE.search(lower):
            return WordInfo(blocked=True)
        if not CYRILLIC.search(word):
            if "-" in word.strip("-"):  # "Anna-Maria", "Petrenko-Moroz": judge by the parts
                return _merge([self._classify(part.capitalize(), langs) for part in word.split("-") if part])
            first = self.is_latin_first(lower) or lower in self.latin_ambiguous
            surname = not first and bool(cues.LATIN_SURNAME.match(word))
            return WordInfo(first=first, surname=surname, unknown=not (first or surname))
        if "-" in word:  # "Анна-Марія", "Коваль-Петренко": judge by the parts
            return _merge([self._classify(part, langs) for part in word.split("-") if part])
        if _UK_ONLY.search(word):
            langs = ("uk",)
        elif _RU_ONLY.search(word):
            langs = ("ru",)
        return self._classify_cyrillic(word, langs)

    def _classify_cyrillic(self, word: str, langs: tuple[str, ...]) -> WordInfo:
        parses = [
            parse
            for lang in langs
            for parse in self._analyzers[lang].parse(word)
            if isinstance(parse.methods_stack[0][0], DictionaryAnalyzer)
        ]
        listed = [p for p in parses if in_dictionary(p.methods_stack)]
        # A word one language's dictionary knows ("зовут") is not re-read by the other's
        # guess from its ending.
        guessed = bool(parses) and not listed
        first = surname = common = geo = False
        names = {p.normal_form: p.score for p in listed if _PERSONAL & p.tag.grammemes}
        for parse in listed or parses:
            tag = parse.tag
            if parse.normal_form in self._places:
                return WordInfo(blocked=True, place=True)
            if parse.normal_form in self._not_names:
                return WordInfo(blocked=True)
            if "Geox" in tag:
                geo = True
            elif "Name" in tag:
                first = True
            elif "Surn" in tag or "Patr" in tag:
                surname = True
            else:
                common = True
        if geo and not (first or surname):  # "Владимир" is a city and, more often, a man
            return WordInfo(blocked=True, place=True)
        if geo:
            common = True  # "Израиль" is a man's name too, but far more often the country
        if not first and self._is_listed_given_name(word.lower()):
            names.setdefault(word.lower(), 0.0)
            return WordInfo(first=True, common=common, ordinary=_ordinary(listed, names))
        ordinary = _ordinary(listed, names)
        if not (first or listed) and cues.CYRILLIC_SURNAME.match(word.lower()):
            # A surname's ending on a word only guessed at: a surname, not a guess.
            return WordInfo(surname=True, ordinary=ordinary)
        return WordInfo(first, surname, common, unknown=not parses, guessed=guessed, ordinary=ordinary)

    def _latin_stem_first(self, lower: str) -> bool:
        """A compound's first part is a given name ("jasur" of "Jasurbek")."""
        if lower in self.latin_ambiguous or lower in self._places or lower in self._not_names:
            return False
        return self.is_latin_first(lower) or lower in self._international_first or lower in self._rules_first

    def listed_as_written(self, lower: str) -> bool:
        """On a list of given names in Latin letters as written, not by a spelling key ("bred"
        keys to "Brad"): what a lower-case word must be to be a name."""
        if lower in self.latin_ambiguous:
            return False
        return lower in self._latin_first or lower in self._international_first or lower in self._rules_first

    def is_listed_latin_first(self, lower: str) -> bool:
        """On the Latin list as written, not by a spelling key ("beers" keys to a name)."""
        return lower in self._latin_first and lower not in self.latin_ambiguous

    def is_latin_first(self, lower: str) -> bool:
        if lower in self._latin_first:
            return True
        return len(lower) >= MIN_KEY_LENGTH and latin_key(lower) in self._latin_first_keys

    def _is_listed_given_name(self, lower: str) -> bool:
        """A listed Cyrillic given name in any case form ("Нурлана", "Айгерим", "Тимуром")."""
        if self._listed_in_any_case(lower):
            return True
        if MIN_KEY_LENGTH <= len(lower) <= 12:
            return any(key in self._latin_list_keys for key in cyrillic_keys(lower))
        return False

    def _listed_in_any_case(self, lower: str, names: frozenset[str] | None = None) -> bool:
        names = self._cyrillic_first if names is None else names
        if lower in names:
            return True
        for ending in _CASE_ENDINGS:
            if lower.endswith(ending) and len(lower) - len(ending) >= 3:
                stem = lower[: len(lower) - len(ending)]
                if stem in names or stem + "а" in names:
                    return True
        return False


_INTERNATIONAL_FIRST = WordInfo(first=True)


def _ordinary(parses: list[Parse], names: dict[str, float]) -> bool:
    """An ordinary reading more than the name's homonym: another part of speech ("Маю") or
    another noun ("лен" for "Лена"), unless a name reading is the likelier one (the Russian
    dictionary scores its readings; the Ukrainian one gives every reading 1.0)."""
    others = [
        p.score
        for p in parses
        if not (_PERSONAL & p.tag.grammemes) and (p.tag.POS != "NOUN" or p.normal_form not in names)
    ]
    return bool(others) and max(others) >= max(names.values(), default=0.0)


def in_dictionary(methods_stack: tuple[tuple[object, ...], ...]) -> bool:
    """The whole word is a dictionary entry (not a guess from its ending or a cut prefix)."""
    unit = methods_stack[0][0]
    return len(methods_stack) == 1 and not isinstance(unit, _GUESSED)


def _merge(parts: list[WordInfo]) -> WordInfo:
    if not parts or all(p.blocked for p in parts):
        return WordInfo(blocked=True, place=any(p.place for p in parts))
    return WordInfo(
        first=any(p.first for p in parts),
        surname=any(p.surname for p in parts),
        common=all(p.common for p in parts),
        unknown=all(p.unknown for p in parts),
        guessed=all(p.guessed or p.unknown for p in parts),
        ordinary=any(p.ordinary for p in parts),
    )


@lru_cache(maxsize=16)  # asked for by the rules, the tagger and the pairs of every text
def languages(text: str) -> tuple[str, ...]:
    uk, ru = bool(_UK_ONLY.search(text)), bool(_RU_ONLY.search(text))
    if uk and not ru:
        return ("uk",)
    if ru and not uk:
        return ("ru",)
    return ("uk", "ru")
