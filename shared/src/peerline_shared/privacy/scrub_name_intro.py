"""Names a self-introduction gives away by what stands beside them (ninth round).

- A nationality or people beside a capitalised word: "Я Лиана, армянка", "Лиана армянка",
  "I'm Liana, Armenian", "армянка Лиана". Whatever else the word means ("лиана" is a vine,
  "Роза" a rose), a thing cannot be Armenian: next to an ethnonym a word whose only readings
  are things, or a name, or no reading at all, is what the person is called. A word for a
  person ("девушка", "мама"), an adjective ("беременная") or a greeting stays.
- A given name of either language's dictionary before "з/із/из/с/from" and a place, where a
  person introduces themselves: "Я Тоня з Полтави" (Тоня is a given name in Russian only, a
  fishing ground in Ukrainian), "Надія з Києва" (hope does not come from Kyiv).

Both are looked for only when a cheap search finds the ethnonym's first letters or the
preposition before a capital.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from pymorphy3 import MorphAnalyzer
from pymorphy3.analyzer import Parse

from peerline_shared.privacy import scrub_name_cues as cues
from peerline_shared.privacy.scrub_name_words import CYRILLIC, NameWords, in_dictionary, load_word_list
from peerline_shared.privacy.scrub_policy import DEFAULT_POLICY, ScrubPolicy
from peerline_shared.privacy.scrub_regex import lowered
from peerline_shared.privacy.scrub_spans import Span

_CYRILLIC_CAPITALS = frozenset("АБВГҐДЕЄЁЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЭЮЯ")
_TITLED = r"[A-ZА-ЯІЇЄҐ][a-zа-яіїєґё'’ʼ-]+"
# The capitalised word right before ("Лиана, армянка", "Liana — Armenian"), or after.
_TITLED_BEFORE = re.compile(rf"(?<![\w'’ʼ-])({_TITLED})[ \t]*[,—–-]?[ \t]*$")
_TITLED_AFTER = re.compile(rf"[ \t]+({_TITLED})(?![\w'’ʼ-])")
# Where a self-introduction's name stands: a sentence's start, or after "я", "I'm", "это".
_SENTENCE_START = re.compile(r"(?:^|[.!?\n…)][\s\"«“]*)$")
_INTRODUCED = re.compile(cues.WEAK_TRIGGER.pattern + "$")
_BEFORE_NAME = 40
# "Тоня з Полтави", "Liana from Yerevan": a capitalised word, a from-preposition, a capital.
# (the look-behind after the first letter, so that `re` scans for capitals: scrub_regex.WORD_START)
_FROM_PLACE = re.compile(
    rf"([A-ZА-ЯІЇЄҐ](?<![\w'’ʼ-].)[a-zа-яіїєґё'’ʼ-]+)[ \t]+(?:з|із|зі|из|с|со|from)[ \t]+({_TITLED})"
)
_AFTER_COMMA = re.compile(r"[,;:—–][ \t]*$")
_FROM_HINT = re.compile(r"[ \t](?:з|із|зі|из|с|со|from)[ \t]+[A-ZА-ЯІЇЄҐ]")
# Greetings and thanks open a message as a name would: "Привіт, українка з Херсона".
_GREETINGS = frozenset(
    ("привіт", "привет", "вітаю", "вітання", "здрастуйте", "здравствуйте", "салам", "салют", "дякую",
     "спасибі", "спасибо", "hello", "hi", "hey", "thanks", "dear", "шановні")
)  # fmt: skip
_BOTH = ("uk", "ru")
# A pet suffix and a case ending on a capitalised stem: "Тёмочка", "Наташеньку", "Катюша", "Марусю",
# "Светки", "Юльку".
_PET_NAME = re.compile(
    r"([А-ЯІЇЄҐЁ][а-яіїєґё]{1,9}?)"
    r"(?:(?:оч|еч|оньк|еньк|ушк|юшк|уськ|юськ|ьк|к)к?(?:а|и|у|е|ой|ою|і)|(?:ус|юс|ул|юл|уш|юш)(?:я|і|и|ю|е|ей|ею|а|у))"
)
_ADJECTIVE_ENDINGS = ("ий", "ій")
_NOT_A_THING = frozenset(("anim", "Name", "Surn", "Patr"))


class IntroducedNames:
    """Called by the name detector, which reads every word once: `mark` says what a word is
    by itself (cached with the detector's other verdicts on it), `find` what the marked words
    and their neighbours make."""

    def __init__(
        self, analyzers: Mapping[str, MorphAnalyzer], words: NameWords, policy: ScrubPolicy = DEFAULT_POLICY
    ) -> None:
        self._analyzers = analyzers
        self._words = words
        self._policy = policy
        # Peoples and nationalities (data/ethnonyms.txt); a word is looked up only when it
        # begins as one of them does.
        self._ethnonyms = load_word_list("ethnonyms.txt")
        self._ethnonym_prefixes = frozenset(word[:4] for word in self._ethnonyms)
        self._parses: dict[tuple[str, tuple[str, ...]], list[Parse]] = {}

    def mark(self, word: str) -> str | None:
        """ "person" or "adjective" for an ethnonym, "pet" for a pet form of a given name,
        "opener" for a given name that is a place only in another case, else None."""
        lower = word.lower()
        if lower[:4] in self._ethnonym_prefixes:
            kind = self.ethnonym_kind(lower)
            if kind is not None:
                return kind
        if len(word) > 2 and word[1].islower() and word[0] in _CYRILLIC_CAPITALS:
            pet = _PET_NAME.fullmatch(word)
            if pet is not None and self._pet_name(word, pet.group(1)):
                return "pet"
            if self._name_not_place(word):
                return "opener"
        return None

    def find(self, text: str, marks: list[tuple[str, int, int]], langs: tuple[str, ...]) -> Iterator[Span]:
        lower = None
        for mark, start, end in marks:
            if mark == "pet":
                yield Span(start, end, "name")
            elif mark == "opener":
                if _SENTENCE_START.search(text, max(0, start - 8), start):
                    yield Span(start, end, "name")
            else:
                lower = lower or lowered(text)[0]
                yield from self._beside_ethnonym(text, lower, start, end, langs, person=mark == "person")
        if _FROM_HINT.search(text):
            yield from self._from_places(text, lower or lowered(text)[0])

    def _beside_ethnonym(
        self, text: str, lower: str, start: int, end: int, langs: tuple[str, ...], *, person: bool
    ) -> Iterator[Span]:
        # A thing may be Armenian ("Номер армянский"), not an Armenian woman: `person`.
        before = _TITLED_BEFORE.search(text, max(0, start - _BEFORE_NAME), start)
        if before is not None:
            introduced = _introduced(lower, before.start(1))
            if introduced and self._called_so(before.group(1), langs, introduced == "trigger", person):
                yield Span(before.start(1), before.end(1), "name")
        after = _TITLED_AFTER.match(text, end)
        # "армянка Лиана": a people's noun before the name ("Armenian Church" stays).
        if after is not None and person and self._called_so(after.group(1), langs, False, person):
            yield Span(after.start(1), after.end(1), "name")

    def _from_places(self, text: str, lower: str) -> Iterator[Span]:
        for match in _FROM_PLACE.finditer(text):
            start = match.start(1)
            listed = _introduced(lower, start) or _AFTER_COMMA.search(lower, max(0, start - 4), start)
            if not listed or not self._given_name_anywhere(match.group(1)):
                continue
            if self._only_instrumental(match.group(2)):
                continue  # "Тоня з Оксаною": with her, not from a place
            yield Span(start, match.end(1), "name")

    def ethnonym_kind(self, lower: str) -> str | None:
        """ "person" for a Cyrillic people's noun in any case form ("армянку"), "adjective" for
        an adjective or an English word (both), None for any other word."""
        if lower in self._ethnonyms and not CYRILLIC.search(lower):
            return "adjective"
        lemmas = {parse.normal_form for parse in self._listed_parses(lower, _BOTH)}
        known = lemmas & self._ethnonyms
        if not known:
            return None
        return "adjective" if all(lemma.endswith(_ADJECTIVE_ENDINGS) for lemma in known) else "person"

    def _pet_name(self, word: str, stem: str) -> bool:
        """ "Тёмочка", "Наташеньку", "Юлечка", "Светки": a pet suffix on a given name's stem,
        unless the dictionaries know the word only as an ordinary one ("Ручка", "Кошка")."""
        info = self._words.classify_for_rules(word, _BOTH)
        if info.blocked or word.lower() in self._words.cyrillic_ambiguous:
            return False  # "Ліки" (medicine), not Лія's; "Дашки" (visors) is Дашка's too
        if not (info.first or info.guessed or info.unknown):
            return False
        for base in (stem + "а", stem + "я"):
            base_info = self._words.classify_for_rules(base, _BOTH)
            if base_info.first and not (base_info.guessed or base_info.blocked):
                return True
        return False

    def _name_not_place(self, word: str) -> bool:
        """ "Милана опять нашла врача": at a sentence's start a word that is a given name in the
        nominative and a place only in another case ("of Milan") is the person."""
        parses = self._listed_parses(word, _BOTH)
        named = any({"Name", "nomn"} <= parse.tag.grammemes for parse in parses)
        place = any("Geox" in parse.tag.grammemes for parse in parses)
        return (
            named
            and place
            and all(
                "Name" in parse.tag.grammemes
                or ("Geox" in parse.tag.grammemes and "nomn" not in parse.tag.grammemes)
                for parse in parses
            )
        )

    def _called_so(self, word: str, langs: tuple[str, ...], after_trigger: bool, person: bool) -> bool:
        """Whether a capitalised word beside an ethnonym is what someone is called; beside a
        people's noun (`person`) also a word that otherwise only names a thing."""
        lower = word.lower()
        if lower in _GREETINGS or lower in self._words.stop_words or self.ethnonym_kind(lower):
            return False
        info = self._words.classify_for_rules(word, langs)
        if info.blocked:
            return False
        if info.first or info.surname:
            return True
        if not CYRILLIC.search(word):
            # An unlisted Latin word only where "I'm" introduces it ("I'm Sorry" is no name
            # there, but no ethnonym follows "Sorry").
            return after_trigger and info.unknown and self._policy.unknown_capitalised
        if info.unknown or info.guessed:
            return self._policy.unknown_capitalised
        if not person:
            return False
        parses = self._listed_parses(word, langs)
        # Only things: "Лиана", "Роза", "Тоня" (a fishing ground) beside "армянка".
        return all(
            parse.tag.POS == "NOUN" and not (_NOT_A_THING & parse.tag.grammemes) for parse in parses
        ) or any("Name" in parse.tag.grammemes for parse in parses)

    def _given_name_anywhere(self, word: str) -> bool:
        """A given name in either language's dictionary or the lists, whatever else it means."""
        lower = word.lower()
        if lower in _GREETINGS or lower in self._words.stop_words:
            return False
        info = self._words.classify_for_rules(word, ("uk", "ru"))
        if info.blocked:
            return False
        if info.first:
            return True
        if CYRILLIC.search(word):
            return any("Name" in parse.tag.grammemes for parse in self._listed_parses(word, ("uk", "ru")))
        return False

    def _listed_parses(self, word: str, langs: tuple[str, ...]) -> list[Parse]:
        """The readings the dictionaries hold, not their guesses from the ending (kept: the
        same words come back in every message and every pass)."""
        key = (word, langs)
        parses = self._parses.get(key)
        if parses is None:
            if len(self._parses) > 10_000:
                self._parses.clear()
            parses = self._parses[key] = [
                parse
                for lang in langs
                for parse in self._analyzers[lang].parse(word)
                if in_dictionary(parse.methods_stack)
            ]
        return parses

    def _only_instrumental(self, word: str) -> bool:
        if not CYRILLIC.search(word):
            return False
        parses = self._listed_parses(word, ("uk", "ru"))
        return bool(parses) and all("ablt" in parse.tag.grammemes for parse in parses)


def _introduced(lower: str, start: int) -> str | None:
    """ "start" at a sentence's start, "trigger" after "я"/"I'm", else None."""
    window = max(0, start - _BEFORE_NAME)
    if _SENTENCE_START.search(lower, window, start):
        return "start"
    if _INTRODUCED.search(lower, window, start):
        return "trigger"
    return None
