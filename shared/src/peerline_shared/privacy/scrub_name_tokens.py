"""The pieces the name rules work with: a word's token, runs of them, and where a sentence or
a list of places begins (scrub_names)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from peerline_shared.privacy import scrub_name_cues as cues
from peerline_shared.privacy.scrub_name_words import WordInfo
from peerline_shared.privacy.scrub_spans import Span

_SENTENCE_END = frozenset(".!?…\n")
_OPENERS = " \t\"'«“„([—–-"


@dataclass(slots=True)
class PlaceContext:
    """Where the last place name ended: "з Бучі, Обухова, Василькова" lists towns, not people."""

    end: int = -1

    def follows(self, text: str, start: int) -> bool:
        if cues.after_place_preposition(text, start):
            return True
        return self.end >= 0 and bool(cues.LIST_GAP.fullmatch(text, self.end, start))


class Token(NamedTuple):  # a tuple: made for every word, and cheaper to make than a dataclass
    start: int
    end: int
    info: WordInfo
    after_place: bool  # after "у"/"з"… or in a list that follows a place
    shape: str = "title"  # or "caps" ("КОВАЛЕНКО"), "lower" ("олена")


class Spans:
    """Non-overlapping spans in text order; `position in spans` by binary search, so a long
    message with many of them costs n log n, not n squared."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        pairs = list(spans)
        self._starts = [start for start, _ in pairs]
        self._ends = [end for _, end in pairs]

    def __contains__(self, position: int) -> bool:
        index = bisect_right(self._starts, position) - 1
        return index >= 0 and position < self._ends[index]


def judge_unusual_case(run: list[Token], text: str, bare: Callable[[str, WordInfo], bool]) -> Iterator[Span]:
    """Capitals as on a document, or lower case: two or more words, one a given name, the
    others given names or surnames ("КОВАЛЕНКО ОЛЕНА", "олена коваленко"); or one given name
    that is no ordinary word ("МАРАТ", "кася")."""
    for group in name_like_groups(run):
        infos = [token.info for token in group]
        if len(group) == 1:
            token = group[0]
            if bare(text[token.start : token.end], token.info):
                yield Span(token.start, token.end, "name")
            continue
        # One listed given name, or in capitals one surname by its ending or dictionary
        # ("TOGZHAN ABDRAKHMANOVA", "ЛЕВАН ГОГИЧАИШВИЛИ").
        capitals = all(token.shape == "caps" for token in group)
        anchored = any(info.first and not info.guessed for info in infos) or (
            capitals and any(info.surname and not info.guessed for info in infos)
        )
        if not anchored:
            continue
        if all(
            info.first or info.surname or (info.unknown and token.shape == "caps" and not is_acronym(token))
            for info, token in zip(infos, group, strict=True)
        ):
            yield Span(group[0].start, group[-1].end, "name")


def name_part(info: WordInfo) -> bool:
    return info.first or info.surname or (info.unknown and not info.ordinary)


def is_acronym(token: Token) -> bool:
    """ "ВИЧ", "NHS", "ЗПТ": a short word in capitals that is no name or surname."""
    short_caps = token.shape == "caps" and token.end - token.start <= 5
    return short_caps and not (token.info.first or token.info.surname)


def counts_out_of_case(info: WordInfo, shape: str) -> bool:
    if shape == "lower":  # an ending's guess is no evidence for a lower-case word
        return (info.first or info.surname) and not info.guessed
    return info.first or info.surname or info.unknown


def name_like_groups(run: list[Token]) -> Iterator[list[Token]]:
    group: list[Token] = []
    for token in run:
        if token.info.name_like:
            group.append(token)
            continue
        if group:
            yield group
        group = []
    if group:
        yield group


def joined(text: str, left_end: int, right_start: int) -> bool:
    gap = text[left_end:right_start]
    return 0 < len(gap) <= 2 and gap.isspace() and "\n" not in gap


def sentence_start(text: str, position: int) -> bool:
    index = position - 1
    while index >= 0 and text[index] in _OPENERS:
        index -= 1
    return index < 0 or text[index] in _SENTENCE_END
