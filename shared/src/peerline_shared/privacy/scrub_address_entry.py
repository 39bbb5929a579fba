"""How to get in, left beside an "[address]" after a first pass, and the Russian address written
in Latin letters (fifteenth round).

- after "[address]": a building's letter, front door, door code, intercom and key, office and
  which way in, as Russian and Belarusian addresses give them ("литера А", "парадная 3", "код
  домофона 3#4521", "домофон 305 ключ 7724", "домофон 203 + вызов", "офис 14", "вход со
  двора"); the flat of a Belarusian house-block-flat triple ("[address]-118" of "55-2-118");
  the floor of a Swedish address ("4 tr", "3 trappor");
- "ul. Koltsova d. 4 korp. 1 kv. 56": a Russian address transliterated, the street word, the
  house after "d." and the block and flat after it.

`scrub_address_parts` widens the placeholder over flats, floors and postcodes; these are the
parts it does not know. The span covers the placeholder, so the next pass leaves one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from peerline_shared.privacy.scrub_regex import lowered
from peerline_shared.privacy.scrub_spans import Span
from peerline_shared.privacy.scrub_triggers import trigger_words

PLACEHOLDER = "[address]"

# A code with its "#" and the digits after it, or what the first pass made of them.
_CODE = (
    r"\d{1,6}(?:[ \t]?[#*][ \t]?(?:\d{1,6}|\[(?:document|phone)\]))?(?:[ \t]?[А-ЯA-Z](?![\w]))?"
    r"(?:[ \t]*\+[ \t]*(?:вызов|виклик))?|[А-ЯA-Z](?![\w])"
)
_ENTRY = re.compile(
    r"(?:,?[ \t]*(?i:литера|лит\.|літера|парадная|парадное|пар\.|офис|офіс|оф\.|ключ|код(?:[ \t]+домофона)?"
    r"|домофон)\.?:?[ \t]*(?:" + _CODE + r")(?![\w])"
    # The building's letter, which the first pass may have read as an initial ("литера [name]").
    r"|,?[ \t]*(?i:литера|лит\.|літера)[ \t]*\[name\]"
    r"|,?[ \t]*(?i:вход|вхід)[ \t]+(?:со|с|з|зі)[ \t]+(?:двора|двору|улицы|вулиці|торца|торця)"
    r"|-\d{1,4}(?![\w-]))"
)
# The floor before "tr": "4 tr" (fjärde trappor).
_SWEDISH_FLOOR = re.compile(
    r",?[ \t]*\d{1,2}[ \t]*(?i:tr|trappor|trappa)(?![\w])(?:\.(?![ \t]*(?:$|\n|[A-ZÅÄÖ])))?"
)
_LATIN_RUSSIAN_HINT = trigger_words(
    ("ul.", "ulitsa", "ulica", "prosp", "pr-t", "pereulok"), at_word_start=True
)
HINTS = (_LATIN_RUSSIAN_HINT,)
_LATIN_RUSSIAN = re.compile(
    r"(?<![\w])(?i:ul\.|ulitsa|ulica|prosp\.?|prospekt|pr-t|pereulok)[ \t]*"
    r"[A-Z][\w'’-]{1,30}(?:[ \t]+[A-Z][\w'’-]{1,30})?,?[ \t]*(?i:d\.|dom)[ \t]*\d{1,4}[A-Za-z]?"
    r"(?:,?[ \t]*(?i:korp\.?|k\.|str\.|stroenie|kv\.?|kvartira|pod\.?|podezd|et\.?|etazh)"
    r"[ \t]*\d{1,4}[A-Za-z]?)*"
    r"(?![\w])"
)


def find_entry_details(text: str) -> Iterable[Span]:
    if PLACEHOLDER not in text and not _LATIN_RUSSIAN_HINT.search(lowered(text)[0]):
        return ()
    return _entry_details(text)


def _entry_details(text: str) -> Iterator[Span]:
    position = text.find(PLACEHOLDER)
    while position >= 0:
        end = _end_of_entry(text, position + len(PLACEHOLDER))
        if end > position + len(PLACEHOLDER):
            yield Span(position, end, "address")
        position = text.find(PLACEHOLDER, end)
    if _LATIN_RUSSIAN_HINT.search(lowered(text)[0]):
        for address in _LATIN_RUSSIAN.finditer(text):
            yield Span(address.start(), address.end(), "address")


def _end_of_entry(text: str, end: int) -> int:
    while True:
        part = _ENTRY.match(text, end) or _SWEDISH_FLOOR.match(text, end)
        if part is None or part.end() == end:
            return end
        end = part.end()
