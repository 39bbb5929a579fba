"""Addresses of the United States and Canada (fifteenth round).

- the house number first, then the street and its type, in any case a form is filled in
  ("2840 Ocean Pkwy Apt 11C, Brooklyn, NY 11235", "88 DUNDAS ST W UNIT 1204 MISSISSAUGA ON
  L5B 1H7", "2201 E 19TH ST BROOKLYN APT 6"), with its unit, town, state or province and
  postcode after it, in whatever order the writer put them;
- a Canadian postcode anywhere ("поштовий індекс T5K 2J1"): its letters and digits alternate,
  and Canada leaves out the letters D, F, I, O, Q, U, so a code of this shape is rarely
  anything else;
- a state and ZIP code after a town ("Citrus Heights CA 95610"), the town with them unless
  it is a known town (the helpline needs those: "Toronto" stays, "M6P 3L4" goes).

A known town inside an address stays as it does after a postcode elsewhere
(`scrub_address_parts`): the address is cut there and goes on after it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from peerline_shared.privacy.scrub_address_town import known_towns
from peerline_shared.privacy.scrub_regex import digit_count, lowered
from peerline_shared.privacy.scrub_spans import Span
from peerline_shared.privacy.scrub_triggers import trigger_words

_STREET_TYPES = (
    "st", "street", "ave", "avenue", "rd", "road", "blvd", "boulevard", "pkwy", "parkway", "dr",
    "drive", "ln", "lane", "hwy", "highway", "cres", "crescent", "terr", "terrace", "pl", "cir",
    "ct", "way", "sq",
)  # fmt: skip
# The scan finds words by their beginnings: an abbreviation is looked for with what ends it
# ("st." or "st ", not the "st" of "still"; "dr " not "drugs"), or at the text's end.
_STREET_TYPE_HINT = trigger_words(
    # "way " is too common a word ("on the way ") to be worth the street's search.
    tuple(word + end for word in _STREET_TYPES if word != "way" for end in (" ", ".", ",", "\n", "\t", "#")),
    at_word_start=True,
)
_LAST_LETTERS = frozenset(word[-1] for word in _STREET_TYPES)


def ends_with_street_type(lower: str) -> bool:
    """A street type that ends the text ("… 5 Main St"), where no character follows it for the
    scan to see; the last letter is tested first, as most texts end otherwise."""
    return lower[-1:] in _LAST_LETTERS and lower.endswith(_STREET_TYPES)


# A postcode is looked for beside a street, an address found, or a postcode's word.
_POSTCODE_WORD_HINT = trigger_words(
    ("zip", "postal", "postcode", "code postal", "поштов", "почтов", "індекс", "индекс"),
    at_word_start=True,
)
HINTS = (_STREET_TYPE_HINT, _POSTCODE_WORD_HINT)
_TYPE = "|".join(sorted(_STREET_TYPES, key=len, reverse=True))
_DIRECTION = r"(?:[NSEW]|NE|NW|SE|SW|North|South|East|West|NORTH|SOUTH|EAST|WEST)"
# A street's words are capitalised or numbered ("E 19TH", "Ocean", "BRIGHTON 6TH").
_STREET_NAME_WORD = r"(?:[A-Z][\w'’.-]{0,30}|\d{1,3}(?i:st|nd|rd|th))"
_STREET = re.compile(
    # A digit first, then the look-behind: `re` scans for digits quickly.
    rf"\d(?<![\w#/-]\d)\d{{0,4}}[A-Za-z]?[ \t]+(?:{_DIRECTION}\.?[ \t]+)?"
    rf"(?:{_STREET_NAME_WORD}[ \t]+){{1,3}}(?i:{_TYPE})\.?(?![\w])"
    rf"(?:[ \t]+{_DIRECTION}(?![\w]))?"
    # The type ends a street, not a phrase: "3 Google Drive files" is a folder.
    r"(?![ \t]+[a-z])"
)
_UNIT = (
    r"(?:(?i:apt|apartment|unit|suite|ste|app|room|fl|floor)\.?[ \t]*#?|#)[ \t]*"
    r"(?:\d{1,5}[A-Za-z]?|[A-Z])(?![\w])"
)
_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH"
    "|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR"
)
_PROVINCES = "QC|ON|BC|AB|MB|SK|NS|NB|NL|PE|YT|NT|NU"
_CANADIAN_POSTCODE = r"[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z][ \t-]?\d[ABCEGHJ-NPRSTV-Z]\d(?![\w])"
_POSTAL = (
    rf"(?:(?-i:{_STATES})[ \t]+\d{{5}}(?:-\d{{4}})?(?![\w])"
    rf"|(?:(?-i:{_PROVINCES}),?[ \t]+)?{_CANADIAN_POSTCODE})"
)
_TOWN_WORD = rf"(?!(?:{_STATES}|{_PROVINCES})(?![\w]))[A-ZÀ-Ý][\w'’.-]{{1,30}}"
_TOWN = rf"(?P<town>{_TOWN_WORD}(?:[ \t]+{_TOWN_WORD}){{0,2}})"
# What may follow a street, any number of times: a unit, a postcode with its state or
# province, or a town before one of those.
_TAIL = re.compile(rf",?[ \t]*(?:{_UNIT}|{_POSTAL}|{_TOWN}(?=,?[ \t]*(?:{_UNIT}|{_POSTAL})))")
_POSTAL_ANYWHERE = re.compile(
    rf"(?<![\w])(?:{_TOWN},?[ \t]+)?(?:(?-i:{_STATES})[ \t]+\d{{5}}(?:-\d{{4}})?(?![\w])"
    rf"|(?:(?-i:{_PROVINCES}),?[ \t]+)?{_CANADIAN_POSTCODE})"
)
_POSTAL_HINT = re.compile(rf"[A-Z][ \t]+\d{{5}}|{_CANADIAN_POSTCODE}")


def find_north_american_addresses(text: str) -> Iterable[Span]:
    if digit_count(text) < 3:  # a house and a postcode, or a postcode alone, hold three
        return ()
    lower = lowered(text)[0]
    street_type = _STREET_TYPE_HINT.search(lower) or ends_with_street_type(lower)
    postal = street_type or "[address]" in text or _POSTCODE_WORD_HINT.search(lower)
    if not (street_type or postal):
        return ()
    return _addresses(text, street_type, postal)


def _addresses(text: str, street_type: bool, postal: bool) -> Iterator[Span]:
    if street_type:
        for street in _STREET.finditer(text):
            yield from _with_tail(text, street.start(), street.end())
    if postal and _POSTAL_HINT.search(text):
        for code in _POSTAL_ANYWHERE.finditer(text):
            yield Span(_after_known_town(text, code), code.end(), "address")


def _after_known_town(text: str, code: re.Match[str]) -> int:
    """Where the postcode's span starts: after its town (and the comma) when the town is known."""
    town = code.group("town")
    if town is None or not _known_town(town):
        return code.start()
    start = code.end("town")
    return start + len(text[start : code.end()]) - len(text[start : code.end()].lstrip(", \t"))


def _with_tail(text: str, start: int, end: int) -> Iterator[Span]:
    """The street and what follows it; cut at a known town, which stays."""
    while (segment := _TAIL.match(text, end)) is not None and segment.end() > end:
        town = segment.group("town")
        if town is not None and _known_town(town):
            yield Span(start, end, "address")
            start = _after_town(text, segment)
            end = start
            continue
        end = segment.end()
    if end > start:
        yield Span(start, end, "address")


def _after_town(text: str, segment: re.Match[str]) -> int:
    position = segment.end("town")
    while position < len(text) and text[position] in ", \t":
        position += 1
    return position


def _known_town(words: str) -> bool:
    return words.lower() in known_towns()
