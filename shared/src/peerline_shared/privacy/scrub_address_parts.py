"""The parts of an address left beside its placeholder after a first pass: a flat, a floor,
an entrance or a wing ("[address], кв 9", "[address], Vorderhaus 2. OG links", "[address]/17"),
a postcode and town ("[address], 1100 Wien", "[address], Windsor, ON N9A 3K2") and, before it,
a microdistrict or a room ("82 мкр, [address]", "Кімната 512, корпус Б, [address]").

The scrubber runs again over its own output (scrub.py), so these rules only need to widen an
existing "[address]" over its neighbours: the span they return covers the placeholder too, and
the next pass leaves one "[address]". A text without that placeholder costs one substring test.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from peerline_shared.privacy.scrub_address_town import known_towns
from peerline_shared.privacy.scrub_spans import Span

PLACEHOLDER = "[address]"

_CAP = r"[A-ZÀ-ÖØ-ÞŠŽČŘĽŁŚŹŻА-ЯІЇЄҐİ][\w'’ʼ-]{1,30}"
# A flat, room, entrance, staircase, block, floor or door word and its number or letter.
_UNIT_WORD = (
    r"кв|квартира|кімн|кімната|комн|комната|ком|под|подъезд|під'їзд|під’їзд|підʼїзд|пiд'їзд"
    r"|вх|вход|вхід|корп|корпус|к(?=[ \t]*\d{1,2}[ \t]+кв)|стр|строение|эт|этаж|пов|поверх"
    r"|домофон|код(?:[ \t]+домофону?)?"
    r"|kv|kvartira|apt|apartment|app|appartement|appt|ap|flat|unit|room|suite|ste|door|floor|fl"
    r"|wohnung|whg|zimmer|stiege|stg|top|tür|etage|og|stock|lgh|bl\.|bloc|sc\.|scala|et\.|étage"
    r"|int|interno|piso|pta|puerta|esc|escalera|dcha|izq|esq|andar|sector|sect|blok|pokoj|byt"
    r"|bina|daire|kat|ajtó|em\.|emelet|lépcsőház|building|bldg|block"
    # Croatian, transliterated Russian and Armenian (round 16)
    r"|stan|komnata|stroenie|korpusi|shenq|bn"
)
# A lone letter only in capitals ("scala B", "корпус Б"): "кв и", "apt a" are words.
_LETTER = r"(?-i:[A-ZА-ЯІЇЄ])(?!\w)"
# An abbreviation's dot, not a sentence's ("2 эт. Её вотсап" keeps its full stop).
_DOT = r"(?:\.(?![ \t]*(?:$|\n|(?-i:[A-ZА-ЯІЇЄҐ]))))?"
_UNIT_VALUE = rf"(?:№[ \t]*)?\d{{1,4}}(?:[ \t]?{_LETTER})?|{_LETTER}|[IVX]{{1,4}}(?!\w)"
# "кв 9", "Apt 3", "ap. 17", "стр. 2", "Stiege 2", "scala B"
_UNIT_NAMED = rf"(?:{_UNIT_WORD})(?!\w)\.?:?[ \t]*(?:{_UNIT_VALUE})"
# "4 этаж", "3. OG links", "3rd floor back building", "3 під'їзд", "2 эт.", "4º esq"
_UNIT_NUMBERED = (
    r"\d{1,2}(?:\.|-?(?:й|ий|я|ій|е)|st|nd|rd|th|º|ª|\.º|\.ª)?[ \t]*"
    r"(?:этаж|эт|поверх|пов|подъезд|под|під'їзд|під’їзд|floor|fl|og|stock|etage|étage|piso|andar"
    rf"|em|emelet|esq|dcha|izq|dto|кв|квартира){_DOT}"
)
_SIDES = r"links|rechts|mitte|li|re|back[ \t]+building|front|rear|left|right|hof|esq|dcha|izq"
_SIDE = rf"(?:[ \t,]+(?:{_SIDES}){_DOT})*"
# A wing or a house suffix: "Vorderhaus", "Seitenflügel", "hinterhaus", "bis".
_WING = r"(?:vorderhaus|hinterhaus|seitenflügel|seitenfluegel|gartenhaus|quergebäude|hinterhof|bis|ter)"
# Postal tails: "1100 Wien", "186 00 Praha 8", "4000-446 Porto", "3526 KL Utrecht", "Praha 3",
# "ON N9A 3K2", "VIC 3065", "Co. Cork", "P31 XK72", "G1 2XT".
# A year-like number is a postcode only before a town ("2020 Hollabrunn", not "2020 was").
_YEAR_NOT_BEFORE_TOWN = r"(?!(?:19|20)\d\d(?!\d)(?![ \t]+[A-ZÀ-Ž]))"
_POSTCODE = (
    rf"(?:\d{{4}}-\d{{3}}|\d{{6}}(?=[ \t]+[A-ZÀ-Ž])|{_YEAR_NOT_BEFORE_TOWN}\d{{4,5}}"
    r"|\d{3}[ \t]\d{2}(?!\d))"
    r"(?:[ \t]?[A-Z]{2}(?![\w]))?"
)
_TOWN = rf"{_CAP}(?:[ \t-]+{_CAP})?"
_PROVINCE = (
    r"(?:QC|ON|BC|AB|MB|SK|NS|NB|NL|PE|VIC|NSW|QLD|SA|WA|TAS|ACT|NT)[ \t]+"
    r"(?:[A-Z]\d[A-Z][ \t]?\d[A-Z]\d|\d{4})"
)
_OTHER_POSTAL = (
    rf"{_PROVINCE}|Co\.[ \t]+{_CAP}|[A-Z]\d{{2}}[ \t]?[A-Z0-9]{{4}}(?!\w)"
    rf"|[A-Z]{{1,2}}\d[A-Z\d]?[ \t]\d[A-Z]{{2}}(?!\w)"
)
_STRONG_POSTAL = rf"{_OTHER_POSTAL}|{_POSTCODE}"
# The town after a postcode goes too unless it is a known town: the helpline needs those
# ("1100 Wien"), a village names the house.
_SEGMENT = re.compile(
    rf"(?:[ \t]*/[ \t]*(?i:(?:stiege|top|tür|stg)[ \t]*)?\d{{1,4}}[A-Za-z]?(?!\w)"  # "/17", "/Top 14"
    rf"|(?:,|[ \t]*[-–])?[ \t]*(?:{_OTHER_POSTAL}|{_POSTCODE}(?:[ \t]+(?P<town>{_TOWN}))?)(?!\w)"
    rf"|(?:,|[ \t]*[-–])?[ \t]*(?i:{_UNIT_NAMED}|{_UNIT_NUMBERED}{_SIDE}|{_WING})(?!\w)"
    rf"|[ \t]+(?:[NSEW]|NE|NW|SE|SW)(?=,)"  # "Wyandotte St E, Apt 3"
    rf"|,?[ \t]+(?P<before>{_TOWN})(?=,?[ \t]*(?:{_STRONG_POSTAL})(?!\w)))"
)
# A lone district or house number right after the placeholder: "[address] 8." (of "Praha 8").
_LONE_NUMBER = re.compile(r"[ \t]\d{1,3}[A-Za-z]?(?=[ \t]*(?:[.,;)!?]|$))")
# Before the placeholder: "82 мкр, ", "Чиланзар 9 квартал, ", "Кімната 512, корпус Б, ".
_BEFORE = re.compile(
    r"(?i:(?:\d{1,3}[ \t]*(?:мкр|мкрн|микрорайон|мікрорайон|квартал|кв-л)\.?"
    r"|(?:кімната|комната|room|flat|apt|unit|корпус|корп)\.?[ \t]*"
    r"(?:\d{1,4}[ \t]*[А-ЯA-Z]?|[А-ЯA-Z])(?!\w)[ \t]*/?"
    r"|(?<=[,:] )\d{1,3})[ \t]*,?[ \t]*)+$"
)


def find_address_parts(text: str) -> Iterator[Span]:
    """An "[address]" widened over the flat, floor, postcode or town beside it."""
    position = text.find(PLACEHOLDER)
    while position >= 0:
        end = position + len(PLACEHOLDER)
        start = _start_before(text, position)
        end = _end_after(text, end)
        if start < position or end > position + len(PLACEHOLDER):
            yield Span(start, end, "address")
        position = text.find(PLACEHOLDER, end)


def _start_before(text: str, position: int) -> int:
    before = _BEFORE.search(text, max(0, position - 40), position)
    if before is None:
        return position
    # Only a word start: "в 82 мкр" keeps its "в".
    start = before.start()
    if start > 0 and text[start - 1].isalnum():
        return position
    return start


def _end_after(text: str, end: int) -> int:
    first = True
    while True:
        segment = _SEGMENT.match(text, end)
        if segment is None or segment.end() == end:
            break
        if _known_town(segment.group("before")):
            break
        if _known_town(segment.group("town")):
            return len(text[: segment.start("town")].rstrip(" \t"))
        end, first = segment.end(), False
    lone = _LONE_NUMBER.match(text, end) if first else None
    return lone.end() if lone is not None else end


def _known_town(word: str | None) -> bool:
    return word is not None and word.lower() in known_towns()
