"""A street name and house number followed by a known town: "Karlova 12, Praha 2",
"на Дерибасівській 5, Одеса". No street word is needed: after a place preposition or an
address word, a capitalised name with a house number right before the name of a town is an
address in any country. Without that cue the same shape is too often something else
("Кабінет 204, Київ", "took Subutex 8, Praha").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from peerline_shared.privacy.scrub_name_words import load_word_list
from peerline_shared.privacy.scrub_regex import Anchored
from peerline_shared.privacy.scrub_spans import Span

_NAME = r"[A-ZÀ-ŽА-ЯІЇЄҐ][\w'’ʼ.-]{1,30}"
# Up to three capitalised words, a house number of up to three digits (a four-digit number
# is more often a year or a model), an optional letter or "/n", a comma, and a town.
_HOUSE_BEFORE_TOWN = re.compile(
    rf"(?<![\w]){_NAME}(?:[ \t]+{_NAME}){{0,2}}[ \t]+\d{{1,3}}(?:[ \t]?[A-Za-zА-Яа-яІіЇїЄє](?![\w]))?"
    r"(?:[ \t]*/[ \t]*\d{1,4})?(?=,[ \t]*([A-ZÀ-ŽА-ЯІЇЄҐ][\w'’ʼ-]{1,30}))"
)
_CUE_BEFORE = re.compile(
    r"(?i)(?:^|[^\w])(?:at|on|in|на|в|у|во|по|адреса|адрес|address|живу|живе|живемо|живём|живем"
    r"|живут|живуть|мешкаю|мешкає|проживаю|проживає|проживает|live|lives|living|stay|staying)"
    r"[ \t:—–-]{1,3}$"
)
# The postal order of Ukraine, Russia, Kazakhstan and Belarus puts the index first:
# "04212, м. Київ, просп. Оболонський 26", "620014, г. Екатеринбург".
_INDEX_BEFORE_TOWN = Anchored(
    re.compile(r"\d(?<![\w.,]\d)\d{4,5}(?=,?[ \t]*(?:м\.|г\.|місто|город|с\.|смт|пгт|m\.)[ \t]?[A-ZА-ЯІЇЄҐ])")
)
# ...where an address begins: the message's or a line's start, a colon, an address word.
_ADDRESS_START = re.compile(r"(?i)(?:^|[:\n]|адрес\w*|індекс|индекс|address|postcode|zip)[ \t:—–-]{0,3}$")
_HINT = re.compile(r"\d[A-Za-zА-Яа-я]?,[ \t]*[A-ZÀ-ŽА-ЯІЇЄҐ]")


@cache
def known_towns() -> frozenset[str]:
    """The towns of `places.txt`, lower-cased."""
    return load_word_list("places.txt")


@cache
def frame_words_and_towns() -> frozenset[str]:
    """Words beside an identifier that frame it or say where, not whose: the frame words
    (`data/frame_words.txt`: a flat or street word, a spelled "at") and the known towns."""
    return load_word_list("frame_words.txt") | known_towns()


def find_houses_before_towns(text: str) -> Iterator[Span]:
    for match in _INDEX_BEFORE_TOWN.finditer(text):
        if _ADDRESS_START.search(text, max(0, match.start() - 16), match.start()):
            yield Span(match.start(), match.end(), "address")
    if not _HINT.search(text):
        return
    towns = known_towns()
    for match in _HOUSE_BEFORE_TOWN.finditer(text):
        cued = _CUE_BEFORE.search(text, max(0, match.start() - 12), match.start())
        if cued and match.group(1).lower() in towns:
            yield Span(match.start(), match.end(), "address")
