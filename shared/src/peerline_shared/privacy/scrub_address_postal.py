"""Street addresses in more postal conventions (thirteenth round), by family:

- Dutch: a postcode of four digits and two capitals before the town, with the street and house
  before it ("Keizersgracht 12-B, 1015 CS Amsterdam"); the postcode and town alone go too;
- Belgian and French with the street type first and the house after the name, a box and the
  postcode and town ("Avenue Louise 87 bte 12, 1050 Ixelles");
- Irish: an Eircode and the comma-separated parts before it (flat, block, building, street,
  district: "Flat 3, 22 Parnell Square, Dublin 1, D01 X2P4") when they hold a home: a flat,
  or a house number and street (the labelled files keep an organisation's Eircode);
- Japanese: the postal mark and code, or a prefecture, then the block numbers and building in
  Japanese script ("〒160-0022 東京都新宿区新宿3-1-2 サンハイツ201");
- Serbian, Croatian and Bosnian: the street type first in any case, the house and the flat
  ("Bulevar oslobođenja 112, stan 9", "Ulica Kralja Petra 21, stan 4");
- a German street written in Cyrillic letters, with its room ("Гамбургер штрасе 44, кімната 7");
- a Cyrillic street, a comma, a house, a comma and a room or flat ("Пушкинской, 12, комн 4").

Each family runs behind a substring or a hint that most texts lack.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from peerline_shared.privacy.scrub_regex import (
    digit_count,
    lowered,
)
from peerline_shared.privacy.scrub_spans import Span
from peerline_shared.privacy.scrub_triggers import trigger_words

_DUTCH_STREET = r"[A-Z][\w'’-]{2,30}(?:[ \t]+[\w'’-]{1,30}){0,2}?[ \t]+\d{1,4}(?:-?[A-Za-z0-9]{1,4}(?![\w]))?"
_DUTCH = re.compile(
    rf"(?:(?<![\w]){_DUTCH_STREET},?[ \t]+)?"
    r"(?<![\w])[1-9]\d{3}[ \t]?(?!SA|SD|SS)[A-Z]{2}[ \t]+[A-Z][a-zA-Z'’-]{1,30}"
    r"(?:[ \t]+aan[ \t]+de[ \t]+[A-Z][a-z]+)?(?![\w])"
)
_DUTCH_HINT = re.compile(r"[0-9][ \t]?[A-Z][A-Z][ \t][A-Z]")
_TYPE_FIRST = re.compile(
    r"(?<![\w])(?:Rue|Avenue|Av\.|Boulevard|Bd\.?|Chaussée|Place|Quai|Chemin|Allée|Impasse|Route|Drève"
    r"|Clos|Square)[ \t]+(?:(?:de|du|des|la|le|l['’]|d['’])[ \t]*){0,2}[A-ZÀ-Ý][\w'’-]{1,30}"
    r"(?:[ \t]+(?:de|du|des|la|le|l['’]|d['’]|[A-ZÀ-Ý][\w'’-]{1,30})){0,3}?[ \t]+\d{1,4}[a-zA-Z]?(?![\w])"
    r"(?:[ \t]*,?[ \t]*(?:bte|bus|boîte|b\.)[ \t]*\d{1,4}(?![\w]))?"
    r"(?:,?[ \t]+\d{4,5}[ \t]+[A-ZÀ-Ý][\w'’-]{1,30})?"
)
_TYPE_FIRST_WORDS = (
    "rue", "avenue", "av.", "boulevard", "bd", "chaussée", "place", "quai", "chemin", "allée", "impasse",
    "route", "drève", "clos", "square",
)  # fmt: skip
_EIRCODE_HINT = re.compile(r"[0-9][0-9W][ \t]?[A-Z0-9]{4}(?![\w])")
_EIRCODE = re.compile(
    r"[AC-FHKNPRTV-Y](?<![\w][AC-FHKNPRTV-Y])(?:\d\d|6W)[ \t]?(?=[AC-FHKNPRTV-Y0-9]{4}(?![\w]))"
    r"(?=[0-9]*[A-Z])[AC-FHKNPRTV-Y0-9]{4}"
)
_IRISH_PART = (
    r"(?:(?:Apt|Apartment|Flat|Unit|Block|Suite|No)\.?[ \t]*[A-Z0-9]{1,4}"
    r"|\d{1,4}[A-Za-z]?[ \t]+[A-Z][\w'’-]{1,30}(?:[ \t]+[A-Z][\w'’-]{1,30}){0,3}"
    r"|[A-Z][\w'’-]{1,30}(?:[ \t]+[A-Z][\w'’-]{1,30}){0,3}(?:[ \t]+\d{1,2}[Ww]?)?)"
)
_IRISH_HOME = re.compile(r"(?<![\w])(?:Apt|Apartment|Flat)(?![\w])|(?<![\w])\d{1,4}[A-Za-z]?[ \t]+[A-Z]")
_IRISH_PARTS_BEFORE = re.compile(rf"(?:{_IRISH_PART},[ \t]*){{1,6}}$")
_JAPANESE_CHAR = r"[\u3040-\u30ff\u3400-\u9fff\uff10-\uff190-9\-‐－ー・]"
_JAPANESE = re.compile(
    rf"(?:〒[ \t]?\d{{3}}-?\d{{4}}[ \t　]*|(?<![\u3400-\u9fff])[\u3400-\u9fff]{{1,3}}[都道府県])"
    rf"{_JAPANESE_CHAR}*\d{_JAPANESE_CHAR}*(?:[ \t　]{_JAPANESE_CHAR}*\d{_JAPANESE_CHAR}*)?"
)
_JAPANESE_HINT = re.compile("[〒都道府県]")
_SOUTH_SLAVIC = re.compile(
    r"(?<![\w])(?i:bulevar|ulica|trg|булевар|улица|бульвар)[ \t]+[\w'’.-]{2,30}"
    r"(?:[ \t]+[\w'’.-]{2,30}){0,2}?[ \t]+\d{1,4}[a-zA-Z]?(?![\w])"
    r"(?:,?[ \t]*(?i:stan|sprat|ulaz|стан|спрат|улаз)[ \t]*\d{1,4}(?![\w]))*"
)
_SOUTH_SLAVIC_CUES = ("bulevar", "ulica", "trg", "булевар", "улица", "бульвар")
_ROOM = r"(?:кімн(?:ата|аті)?\.?|комн(?:ата|ате)?\.?|кв\.?|квартира|Zimmer|zimmer)"
_GERMAN_IN_CYRILLIC = re.compile(
    r"[А-ЯІЇЄҐ](?<!\w.)[\w'’-]{1,30}?[ \t-]?(?:штрас+е|штрас+і|штрас+а|штр\.)"
    rf"[ \t]+\d{{1,4}}[а-яa-z]?(?![\w])(?:,?[ \t]*{_ROOM}[ \t]*\d{{1,4}}(?![\w]))?"
)
_ROOM_CUES = ("кімн", "комн", "кв")
_STREET_HOUSE_ROOM = re.compile(
    r"[А-ЯІЇЄҐ](?<!\w.)[а-яіїєґё'’-]{3,30},[ \t]*\d{1,4}[а-я]?,[ \t]*"
    rf"(?:{_ROOM}|кв\.?|квартира)[ \t]*\d{{1,4}}(?![\w])"
)


_CUE = trigger_words((*_TYPE_FIRST_WORDS, *_SOUTH_SLAVIC_CUES, *_ROOM_CUES), at_word_start=True)
_CUE_AT = re.compile(_CUE.pattern)  # where each cue word begins
# Each family by the first two letters of its cue words (they do not clash between families).
_BEGINS_WITH_CUE = {
    **{word[:2]: _TYPE_FIRST for word in _TYPE_FIRST_WORDS},
    **{word[:2]: _SOUTH_SLAVIC for word in _SOUTH_SLAVIC_CUES},
}
_CUE_ELSEWHERE = (
    (frozenset(("шт",)), _GERMAN_IN_CYRILLIC),
    (frozenset(word[:2] for word in _ROOM_CUES), _STREET_HOUSE_ROOM),
)


def find_postal_addresses(text: str) -> Iterator[Span]:
    if not digit_count(text):
        return
    if _DUTCH_HINT.search(text):
        for match in _DUTCH.finditer(text):
            yield Span(match.start(), match.end(), "address")
    yield from _irish(text)
    if _JAPANESE_HINT.search(text):
        for match in _JAPANESE.finditer(text):
            yield Span(match.start(), match.end(), "address")
    # One scan of the lower-cased text for every family's cue words; a family whose address
    # begins with its cue is tried there only, the others where their cue is in the text.
    lower = lowered(text)[0]
    elsewhere: set[str] = {"шт"} if "штр" in lower else set()
    end = 0
    for cue in _CUE_AT.finditer(lower) if _CUE.search(lower) else ():
        key = cue.group()[:2]
        if key in _BEGINS_WITH_CUE:
            if cue.start() >= end and (found := _BEGINS_WITH_CUE[key].match(text, cue.start())):
                end = found.end()
                yield Span(found.start(), found.end(), "address")
        else:
            elsewhere.add(key)
    for family, pattern in _CUE_ELSEWHERE:
        if family & elsewhere:
            for match in pattern.finditer(text):
                yield Span(match.start(), match.end(), "address")


def _irish(text: str) -> Iterator[Span]:
    """An Eircode with a home before it: a flat, or a house number and street. An Eircode alone
    or after a unit of an estate is an organisation's ("Eircode of the centre is H91 E2K4")."""
    if not _EIRCODE_HINT.search(text):
        return
    for match in _EIRCODE.finditer(text):
        start = match.start()
        before = _IRISH_PARTS_BEFORE.search(text, max(0, start - 160), start)
        if before is not None and _IRISH_HOME.search(before.group()):
            yield Span(before.start(), match.end(), "address")
