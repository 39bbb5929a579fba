"""Word forms to the keys a lexicon matches on: the form itself and its dictionary lemmas.

pymorphy3 parses a word in about 0.1 ms, so every answer is cached: a helpline's vocabulary is
small and repeats, and after warm-up a message costs dictionary look-ups only.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import pymorphy3

from peerline_triage.classifier.model import Lang
from peerline_triage.classifier.text import transliterate_word

_CACHE_SIZE = 200_000
_EN_SUFFIXES = (("ing", 6), ("ed", 5), ("es", 5), ("s", 4))


def english_stem(word: str) -> str:
    """A deliberately crude stem ("breathing" → "breath"): lexicons use prefixes for the rest."""
    word = word.replace("'", "")
    for suffix, min_len in _EN_SUFFIXES:
        if word.endswith(suffix) and len(word) >= min_len and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


class Morphology:
    """Lemmatiser for Ukrainian and Russian with cached look-ups (construct once)."""

    def __init__(self) -> None:
        self._analysers: dict[str, pymorphy3.MorphAnalyzer] = {
            "uk": pymorphy3.MorphAnalyzer(lang="uk"),
            "ru": pymorphy3.MorphAnalyzer(lang="ru"),
        }
        self.keys: Callable[[str, Lang | None], frozenset[str]] = lru_cache(_CACHE_SIZE)(self._keys)
        self.is_known: Callable[[str], bool] = lru_cache(_CACHE_SIZE)(self._is_known)
        self.cyrillic: Callable[[str, Lang], str] = lru_cache(_CACHE_SIZE)(self._cyrillic)
        self.known_in: Callable[[str, Lang], bool] = lru_cache(_CACHE_SIZE)(self._known_in)

    def _is_known(self, word: str) -> bool:
        return any(a.word_is_known(word) for a in self._analysers.values())

    def _known_in(self, word: str, lang: Lang) -> bool:
        analyser = self._analysers.get(lang)
        return analyser is not None and analyser.word_is_known(word)

    def _cyrillic(self, word: str, lang: Lang) -> str:
        """The Cyrillic reading of a Latin word: the first guess that is a dictionary word."""
        readings = transliterate_word(word, lang)
        for reading in readings:
            if self.known_in(reading, lang):
                return reading
        for reading in readings:
            if self._is_known(reading):
                return reading
        return readings[0]

    def _lemmas(self, word: str) -> set[str]:
        try:
            return self._dictionary_lemmas(word)
        except ValueError:
            # pymorphy3 looks up unicodedata names, and thousands of letters have none
            # (U+17000 …): such a word has no lemma, and the message must still be triaged.
            return set()

    def _dictionary_lemmas(self, word: str) -> set[str]:
        lemmas: set[str] = set()
        known = False
        for analyser in self._analysers.values():
            if analyser.word_is_known(word):
                known = True
                lemmas.update(p.normal_form.replace("ё", "е") for p in analyser.parse(word))
        if not known:
            for analyser in self._analysers.values():
                parses = analyser.parse(word)
                if parses:
                    lemmas.add(parses[0].normal_form.replace("ё", "е"))
        return lemmas

    def _keys(self, word: str, translit: Lang | None) -> frozenset[str]:
        if "-" in word:  # "take-home", "тест-смужки", "ледь-ледь": the whole and each part
            parts = (self.keys(part, translit) for part in word.split("-") if part)
            return frozenset({word}.union(*parts))
        if word.isdigit() or word == "+":
            return frozenset({word})
        if any("a" <= ch <= "z" for ch in word):
            keys = {word, english_stem(word)}
            if translit is not None and translit != "en":
                reading = self._cyrillic(word, translit)
                keys.add(reading)
                keys.update(self._lemmas(reading))
            return frozenset(keys)
        return frozenset({word, *self._lemmas(word)})

    def lemma_keys(self, word: str) -> frozenset[str]:
        """Keys of a lexicon word as written by a person (no transliteration guessing)."""
        return self.keys(word.lower().replace("ё", "е"), None)
