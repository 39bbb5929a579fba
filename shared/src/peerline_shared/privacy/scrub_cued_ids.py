"""Identifiers found by their shape and a cue (twelfth round).

- US alien registration numbers: "A219-374-851" (the dashed shape is the cue), "A-number
  A21937485" (a bare "A" and eight or nine digits only after its name);
- UK postcodes standing alone: "Bristol, BS5 6JE", "postcode SW1A 1AA", or anywhere in a message
  that names the UK; the area letters and the inward code's letters are the Royal Mail's;
- a card's or a case's number given after "no"/"№" a few words after the card: "a patient card
  from the tubdispanser no 1187/24" (the labelled files treat every such number of a client's
  as personal; a law's or an order's number has no card or case word before it).
Each rule runs only when a cheap necessary condition holds (a capital next to digits, "/").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from peerline_shared.privacy.scrub_regex import digit_count, lowered
from peerline_shared.privacy.scrub_spans import Span

_A_NUMBER_DASHED = re.compile(r"A(?<![\w-]A)-?\d{3}-\d{3}-\d{3}(?![\w-])")
_A_NUMBER_AFTER_NAME = re.compile(
    r"(?i:A-?number|A-?Nummer|A#|alien[ \t]+(?:registration[ \t]+)?(?:number|no\.?)|USCIS[ \t]+(?:number|no\.?|#))"
    r"[ \t:#№-]{0,4}(?:(?i:is|це|это)[ \t]+)?(A[ -]?\d{3}[ -]?\d{3}[ -]?\d{2,3})(?![\w-])"
)
_A_NUMBER_HINT = re.compile(r"A-?\d{3}|A[ -]?\d{8}")
_UK_POSTCODE = re.compile(
    r"[A-PR-UWYZ](?<![\w-].)[A-HK-Y]?\d[A-Z\d]?[ \t]\d[ABD-HJLNP-UW-Z]{2}(?![\w-])"
)
_UK_POSTCODE_HINT = re.compile(r"\d[ \t]\d[A-Z]{2}")
_UK_CONTEXT = re.compile(
    r"(?i:post[ \t]?code|postal[ \t]+code|поштов\w*[ \t]+індекс\w*|почтов\w*[ \t]+индекс\w*|індекс|индекс"
    r"|\bUK\b|U\.K\.|England|Britain|British|Scotland|Wales|Northern[ \t]+Ireland|London|NHS"
    r"|Англі\w*|Англи\w*|Британ\w*|Шотланд\w*|Уельс\w*|Лондон\w*)"
)
# "Bristol, BS5 6JE": a town and a comma right before the postcode.
_TOWN_BEFORE = re.compile(r"[A-Z][a-z]{2,20},[ \t]$")
_CARD_THEN_NUMBER = re.compile(
    r"(?i:card|картк\w*|карт[аиуі]|карточк\w*|patient|пацієнт\w*|пациент\w*|справ[аиуі]|дел[оа]"
    r"|case|file|record|медкарт\w*|history|істор\w*|истор\w*)"
    r"[^.!?\n]{0,50}?(?<![\w])(?i:no\.?|nr\.?|№|#|number|номер)[ \t]*(\d{1,7}/\d{2,4})(?![\w/])"
)


def find_cued_ids(text: str) -> Iterator[Span]:
    if digit_count(text) < 2:  # a UK postcode has two digits, each other number more
        return
    if _A_NUMBER_HINT.search(text):
        for match in _A_NUMBER_DASHED.finditer(text):
            yield Span(match.start(), match.end(), "document")
        for match in _A_NUMBER_AFTER_NAME.finditer(text):
            yield Span(match.start(1), match.end(1), "document")
    if _UK_POSTCODE_HINT.search(text):
        yield from _uk_postcodes(text)
    if "/" in text and _may_name_a_card(text):
        for match in _CARD_THEN_NUMBER.finditer(text):
            yield Span(match.start(1), match.end(1), "document")


def _uk_postcodes(text: str) -> Iterator[Span]:
    in_the_uk = bool(_UK_CONTEXT.search(text))
    for match in _UK_POSTCODE.finditer(text):
        if in_the_uk or _TOWN_BEFORE.search(text, max(0, match.start() - 24), match.start()):
            yield Span(match.start(), match.end(), "address")


def _may_name_a_card(text: str) -> bool:
    lower = lowered(text)[0]
    return any(sign in lower for sign in ("no", "nr", "№", "#", "number", "номер"))
