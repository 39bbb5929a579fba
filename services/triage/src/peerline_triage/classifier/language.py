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
# English sentences almost always hold one of these; short transliterated ones ("ARV ne pyv vzhe
# tyzhden") fool py3langid, so without any of them the dictionary readings decide.
_ENGLISH_FUNCTION_WORDS = frozenset(
    {
        *("the", "is", "are", "was", "were", "be", "been", "you", "he", "she", "it", "we", "they"),
        *("my", "his", "her", "our", "their", "him", "them", "this", "that", "and", "or", "but"),
        *("not", "of", "in", "at", "for", "with", "from", "does", "did", "have", "has", "had"),
        *("can", "cant", "will", "wont", "what", "how", "where", "when", "who", "why", "if"),
        *("just", "im", "its", "dont", "all", "good", "now", "thanks", "thank", "sorry", "please"),
        *("hello", "yes"),
    }
)  # not "i", "do", "on", "to", "by", "no": they are also Ukrainian / Russian words in Latin


@dataclass(frozen=True, slots=True)
class Detected:
    lang: Lang
    transliterated: bool


# Short Ukrainian / Russian words in Latin that dictionaries miss or that are too short to test.
_TRANSLIT_FUNCTION_WORDS: dict[Lang, frozenset[str]] = {
    "uk": frozenset(
        ("ne", "ni", "vzhe", "shcho", "scho", "sho", "vin", "vona", "tse", "bo", "nema", "ye", "ya")
    ),
    "ru": frozenset(("ne", "net", "uzhe", "chto", "shto", "on", "ona", "eto", "nu", "ya", "tut", "tam")),
}


class LanguageDetector:
    def __init__(self, morphology: Morphology) -> None:
        self._morphology = morphology
        self._any = LanguageIdentifier.from_model_file(MODEL_FILE)
        self._ours = LanguageIdentifier.from_model_file(MODEL_FILE)
        self._ours.set_languages(["uk", "ru", "en"])

    def detect(self, text: str, tokens: Sequence[Token]) -> Detected:
        lowered = text.lower()
        latin, cyrillic = script_share(lowered)
        if cyrillic == 0 and latin == 0:
            return Detected("uk", False)
        if cyrillic >= latin:
            return Detected(self._cyrillic(text, lowered), False)
        latin_words = [t.text.replace("'", "") for t in tokens if t.latin]
        return self._latin(text, [w for w in latin_words if len(w) > 2], latin_words)

    def _cyrillic(self, text: str, lowered: str) -> Lang:
        # four substring searches cost less than a set of the text's characters
        uk = any(letter in lowered for letter in _UK_LETTERS)
        ru = any(letter in lowered for letter in _RU_LETTERS)
        if uk != ru:
            return "uk" if uk else "ru"
        guess = str(self._ours.classify(text)[0])
        return "uk" if guess == "uk" else "ru"

    def _latin(self, text: str, words: Sequence[str], all_words: Sequence[str]) -> Detected:
        if not words:
            return Detected("en", False)
        if sum(word in _ENGLISH_FUNCTION_WORDS for word in all_words) >= 2:
            return Detected("en", False)
        short = [
            w for w in all_words if len(w) <= 2 and any(w in f for f in _TRANSLIT_FUNCTION_WORDS.values())
        ]
        known = {
            lang: sum(self._reads_as(word, lang) for word in words)
            + sum(word in _TRANSLIT_FUNCTION_WORDS[lang] for word in short)
            for lang in ("uk", "ru")
        }
        best: Lang = "uk" if known["uk"] > known["ru"] else "ru"
        share = known[best] / (len(words) + len(short))
        if share >= _SURE_TRANSLIT_SHARE:
            return Detected(best, True)
        if share >= _MIN_TRANSLIT_SHARE and (
            str(self._any.classify(text)[0]) != "en"
            or not any(word in _ENGLISH_FUNCTION_WORDS for word in all_words)
        ):
            return Detected(best, True)
        return Detected("en", False)

    def _reads_as(self, word: str, lang: Lang) -> bool:
        if word in _TRANSLIT_FUNCTION_WORDS[lang]:
            return True
        reading = self._morphology.cyrillic(word, lang)
        return self._morphology.known_in(reading, lang)
