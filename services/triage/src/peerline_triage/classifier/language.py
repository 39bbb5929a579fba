"""Offline language identification for uk / ru / en, including Latin transliteration.

Letters decide first (і ї є ґ are only Ukrainian; ы э ъ ё only Russian), py3langid settles
Cyrillic text without them. Latin text is English unless its words read as Ukrainian or Russian
dictionary words once transliterated ("ne dyshe" → "не дише"): then it keeps that language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from peerline_triage.classifier.model import Lang
from peerline_triage.classifier.morphology import Morphology
from peerline_triage.classifier.text import Token, script_share

_UK_LETTERS = frozenset("іїєґ")
_RU_LETTERS = frozenset("ыэъё")
_MIN_TRANSLIT_SHARE = 0.34  # of Latin words that read as Cyrillic dictionary words
_SURE_TRANSLIT_SHARE = 0.8  # ...enough even when py3langid calls the text English


@dataclass(frozen=True, slots=True)
class Detected:
    lang: Lang
    transliterated: bool


class LanguageDetector:
    def __init__(self, morphology: Morphology) -> None:
        self._morphology = morphology
        self._any = LanguageIdentifier.from_model_file(MODEL_FILE)
        self._ours = LanguageIdentifier.from_model_file(MODEL_FILE)
        self._ours.set_languages(["uk", "ru", "en"])

    def detect(self, text: str, tokens: Sequence[Token]) -> Detected:
        latin, cyrillic = script_share(text)
        if cyrillic == 0 and latin == 0:
            return Detected("uk", False)
        if cyrillic >= latin:
            return Detected(self._cyrillic(text), False)
        return self._latin(text, [t.text for t in tokens if t.latin and len(t.text) > 2])

    def _cyrillic(self, text: str) -> Lang:
        letters = set(text.lower())
        uk, ru = bool(letters & _UK_LETTERS), bool(letters & _RU_LETTERS)
        if uk != ru:
            return "uk" if uk else "ru"
        guess = str(self._ours.classify(text)[0])
        return "uk" if guess == "uk" else "ru"

    def _latin(self, text: str, words: Sequence[str]) -> Detected:
        if not words:
            return Detected("en", False)
        known = {lang: sum(self._reads_as(word, lang) for word in words) for lang in ("uk", "ru")}
        best: Lang = "uk" if known["uk"] > known["ru"] else "ru"
        share = known[best] / len(words)
        if share >= _SURE_TRANSLIT_SHARE:
            return Detected(best, True)
        if share >= _MIN_TRANSLIT_SHARE and str(self._any.classify(text)[0]) != "en":
            return Detected(best, True)
        return Detected("en", False)

    def _reads_as(self, word: str, lang: Lang) -> bool:
        reading = self._morphology.cyrillic(word, lang)
        return self._morphology.known_in(reading, lang)
