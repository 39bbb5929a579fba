"""The last digit groups of a number, left beside its placeholder by the first pass (fifteenth
round): "[passport] 335 got suspended" (of "NY 742 198 335"), "[id_number] 2," (an AMKA
dictated digit by digit), "[address] 884 302" and "[address] 518 2307" (a Greek id's or phone's
cue word read as a street: "ΑΦΜ 172 094 816", "Τηλ 6972 180 446").

After a number's placeholder the groups go when three digits or more are left, or when
punctuation or the end follows them; a count or a dose after a number ("[phone] 2 рази",
"[phone] 24 hours") and a year ("[phone] 2024 was…") stay. After "[address]" only two groups or
more of two to four digits go: one number there is a flat or a district (`scrub_address_parts`).
The scrubber runs again over its own output (scrub.py), so the span widens the placeholder and
the next pass leaves one. A text without a placeholder costs a substring test.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from peerline_shared.privacy.scrub_spans import Span

_NUMBER_KINDS = ("phone", "id_number", "tax_id", "passport", "document")
# One scan for a placeholder with a digit after it; `re` finds the "[" quickly.
_ANY_TAIL = re.compile(r"\[(?:phone|id_number|tax_id|passport|document|address)\][ \t]\d")
_GROUPS = re.compile(r"(?:[ \t]\d{1,4}){1,4}(?![\w/.,:]\d)(?![\w%°/])")
_ADDRESS_GROUPS = re.compile(r"[ \t]\d{2,4}(?:[ \t]\d{2,4}){1,3}(?![\w%°/]|[.,:]\d)")
_YEAR = re.compile(r"[ \t](?:19|20)\d\d$")
_WORD_AFTER = re.compile(r"[ \t]*[^\W\d_]")
# A measure after the groups makes them a quantity: "[phone] 100 mg", "[id_number] 300 грн".
_MEASURE_AFTER = re.compile(
    r"[ \t]*(?i:mg|мг|ml|мл|mcg|мкг|g|г|гр|kg|кг|km|км|грн|uah|eur|euro|євро|евро|usd|руб|лв|лева|lei"
    r"|kč|czk|zł|pln|ft|huf|pills?|tabs?|таб\w*|hours?|hrs?|годин\w*|час\w*|days?|дн\w*|min|хв\w*|мин\w*"
    r"|times|раз\w*|years?|рок\w*|лет|год\w*)(?![\w])"
)


def find_number_tails(text: str) -> Iterable[Span]:
    return _tails(text) if _ANY_TAIL.search(text) is not None else ()


def _tails(text: str) -> Iterator[Span]:
    for kind in _NUMBER_KINDS:
        yield from _widened(text, f"[{kind}]", kind, _GROUPS)
    yield from _widened(text, "[address]", "address", _ADDRESS_GROUPS)


def _widened(text: str, placeholder: str, kind: str, groups: re.Pattern[str]) -> Iterator[Span]:
    position = text.find(placeholder)
    while position >= 0:
        end = position + len(placeholder)
        tail = groups.match(text, end)
        if tail is not None and _a_numbers_end(text, tail):
            end = tail.end()
            yield Span(position, end, kind)
        position = text.find(placeholder, end)


def _a_numbers_end(text: str, tail: re.Match[str]) -> bool:
    digits = sum(char.isdigit() for char in tail.group())
    if _YEAR.search(tail.group()):
        return False
    if _WORD_AFTER.match(text, tail.end()) is None:
        return True
    return digits >= 3 and _MEASURE_AFTER.match(text, tail.end()) is None
