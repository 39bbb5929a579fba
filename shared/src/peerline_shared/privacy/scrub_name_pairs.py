"""Names found through a name beside them, nicknames made of an adjective, and the place a
named person is from.

Run after every detector, on the names they found: "Ёжик і [Сирник]", "Tiger and [Olek]": the
capitalised word joined to a name by "і"/"и"/"та"/"and" is a name too, whatever else it means
(nicknames are nouns: Ёжик, Сирник, Kaban). And "говорит, что от Малого", "передай від Лисого":
a capitalised adjective standing alone after "від"/"от"/"у"/"до" in mid-sentence is someone's
nickname, since an adjective is capitalised there only as part of a place or an institution,
whose noun then follows ("до Білої Церкви", "від Центрального ринку").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping

from pymorphy3 import MorphAnalyzer

from peerline_shared.privacy.scrub_kept_words import only_needed_words
from peerline_shared.privacy.scrub_name_subject import cyrillic_subject_ok, generic_word
from peerline_shared.privacy.scrub_name_words import WordInfo, languages
from peerline_shared.privacy.scrub_spans import Span

_CAPITAL = "[A-ZА-ЯІЇЄҐЁ]"
_WORD_TAIL = r"[a-zа-яіїєґё'’]{2,20}"
_WORD = _CAPITAL + _WORD_TAIL
_AND = r"[ \t]+(?:і|и|й|та|and|&)[ \t]+"
# The look-behind after the first capital (scrub_regex.WORD_START): `re` then scans for it.
_PARTNER_BEFORE = re.compile(rf"({_CAPITAL}(?<![\w-]{_CAPITAL}){_WORD_TAIL}){_AND}$")
_PARTNER_AFTER = re.compile(rf"{_AND}({_WORD})(?![\w-])")
# After a preposition of whose or from whom, followed by the sentence's end, a comma or a
# conjunction, not by the noun the adjective would describe.
_ADJECTIVE_NICKNAME = re.compile(
    r"[А-ЯІЇЄҐЁ](?<![\w].)[а-яіїєґё'’]{2,20}(?:ого|его|ої|ой)"
    r"(?=[ \t]*(?:$|[,.!?;:)…—–-]|(?:і|и|та|а|що|что|бо|потому)(?![\w])))"
)
# ...or after a verb of looking for or knowing someone: "ищу Малого", "шукаю Рудого".
_PREPOSITION_BEFORE = re.compile(
    r"(?<![\w])(?:від|вiд|от|у|до|для|к|з|с|із|ищу|ищем|ищет|шукаю|шукаємо|шукає|найти|знайти"
    r"|найдите|знайдіть|видел[аи]?|бачив|бачила|бачили|знаете|знаєте|позовите|покличте)[ \t]+$"
)
_ADJECTIVE_FORM = re.compile(r"(?:ый|ий|ой|ая|яя)$")


# "Зера ханым", "Ahmet Bey": the word before a Turkic honorific is a given name.
_HONORIFICS = ("ханым", "ханум", "hanım", "hanim", "bey", "эфенди", "efendi")
# Tested with `in` on the text as written first ("хан": ханым, ханум): most texts hold none.
_HONORIFIC_HINTS = ("хан", "han", "Han", "Bey")
_HONORIFIC = re.compile(r"[хHhB](?:(?<=х)ан(?:ым|ум)|(?<=[Hh])an[ıi]m|(?<=B)ey)(?![\w])")
_NAME_BEFORE_HONORIFIC = re.compile(r"(?<![\w-])[A-ZА-ЯІЇЄҐЁÇŞÖÜİ][a-zа-яіїєґёçğışöü'’]{1,20}[ \t]+$")
_HONORIFIC_SET = frozenset(_HONORIFICS)


def without_honorific(text: str, span: Span) -> Span:
    """A name found with its honorific ("Зарема ханым") without it: the title is no one's."""
    head, _, last = text[span.start : span.end].rpartition(" ")
    if head and last.lower() in _HONORIFIC_SET:
        return Span(span.start, span.start + len(head.rstrip()), span.kind)
    return span


def names_before_honorifics(text: str) -> Iterator[Span]:
    if not any(hint in text for hint in _HONORIFIC_HINTS):
        return
    for honorific in _HONORIFIC.finditer(text):
        name = _NAME_BEFORE_HONORIFIC.search(text, max(0, honorific.start() - 24), honorific.start())
        if name:
            yield Span(name.start(), name.start() + len(name.group().rstrip()), "name")


# "я Азамат из Караколя", "Лёха с Заводского", "Tymur from Odesa": after a person and "from", a place.
_FROM_AFTER_NAME = re.compile(r"(?:\[name\])?[ \t]+(?:из|з|із|зі|с|со|from)[ \t]+$")
# Ukrainian "з" is also "with": "передай Олі з Оксаною" names two people.
_INSTRUMENTAL = re.compile(r"(?:ою|ею|єю|ом|ем|єм|им|ым|ім|ой|ей|ами|ями)$")


def places_after_names(text: str, spans: list[Span]) -> list[Span]:
    """`spans` less a one-word name that follows a name (or its placeholder) and "from"."""
    kept: list[Span] = []
    for span in spans:
        word = text[span.start : span.end]
        if span.kind == "name" and " " not in word and not _INSTRUMENTAL.search(word):
            before = _FROM_AFTER_NAME.search(text, max(0, span.start - 14), span.start)
            after_name = before and (
                before.group().startswith("[name]") or (kept and _name_ends_at(kept[-1], before.start()))
            )
            if after_name:
                continue
        kept.append(span)
    return kept


def _name_ends_at(span: Span, position: int) -> bool:
    return span.kind == "name" and span.end == position


class NamePairs:
    """Finds the partners of found names and adjective nicknames; see the module docstring."""

    def __init__(
        self,
        analyzers: Mapping[str, MorphAnalyzer],
        classify: Callable[[str, tuple[str, ...]], WordInfo],
        stop_words: frozenset[str],
    ) -> None:
        self._analyzers = analyzers
        self._classify = classify
        self._stop_words = stop_words

    def find(self, text: str, found: Iterable[Span]) -> Iterator[Span]:
        partners: list[re.Match[str] | None] = []
        for span in found:
            if span.kind == "name":
                partners.append(_PARTNER_BEFORE.search(text, max(0, span.start - 30), span.start))
                partners.append(_PARTNER_AFTER.match(text, span.end))
        candidates = [match for match in partners if match]
        adjectives = [
            match
            for match in _ADJECTIVE_NICKNAME.finditer(text)
            if _PREPOSITION_BEFORE.search(text, max(0, match.start() - 10), match.start())
        ]
        if not (candidates or adjectives):
            return  # most messages: the languages are not worth finding out
        langs = languages(text)
        for match in candidates:
            if self._may_be_nickname(match.group(1), langs):
                yield Span(match.start(1), match.end(1), "name")
        for match in adjectives:
            if self._adjective_nickname(match.group(), langs):
                yield Span(match.start(), match.end(), "name")

    def _may_be_nickname(self, word: str, langs: tuple[str, ...]) -> bool:
        lower = word.lower()
        if generic_word(lower, self._stop_words) or only_needed_words(word):
            return False
        if self._classify(word, langs).blocked:  # a place or a listed non-name
            return False
        return cyrillic_subject_ok(word, self._analyzers, langs)

    def _adjective_nickname(self, word: str, langs: tuple[str, ...]) -> bool:
        """An adjective, or a noun made of one ("малый": a lad), and no place."""
        if self._classify(word, langs).blocked or only_needed_words(word):
            return False
        lower = word.lower()
        parses = [parse for lang in langs for parse in self._analyzers[lang].parse(lower)[:3]]
        if any("Geox" in parse.tag for parse in parses):
            return False
        return any(
            parse.tag.POS == "ADJF" or ("anim" in parse.tag and _ADJECTIVE_FORM.search(parse.normal_form))
            for parse in parses
        )
