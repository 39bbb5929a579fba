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

from peerline_shared.privacy.scrub_regex import Anchored, digit_count
from peerline_shared.privacy.scrub_spans import Span

_A_NUMBER_DASHED = re.compile(r"A(?<![\w-]A)-?\d{3}-\d{3}-\d{3}(?![\w-])")
_A_NUMBER_AFTER_NAME = re.compile(
    r"(?i:A-?number|A-?Nummer|A#|alien[ \t]+(?:registration[ \t]+)?(?:number|no\.?)"
    r"|USCIS[ \t]+(?:number|no\.?|#))"
    r"[ \t:#№-]{0,4}(?:(?i:is|це|это)[ \t]+)?(A[ -]?\d{3}[ -]?\d{3}[ -]?\d{2,3})(?![\w-])"
)
_UK_POSTCODE = re.compile(r"[A-PR-UWYZ](?<![\w-].)[A-HK-Y]?\d[A-Z\d]?[ \t]\d[ABD-HJLNP-UW-Z]{2}(?![\w-])")
_A_NUMBER_HINT = re.compile(r"A[ -]?[0-9]{3}")
# ASCII ranges, not \\d: a range is cheaper to test at every character than a Unicode category.
_UK_POSTCODE_HINT = re.compile(r"[0-9][ \t][0-9][A-Z][A-Z]")
_UK_CONTEXT = re.compile(
    r"(?i:post[ \t]?code|postal[ \t]+code|поштов\w*[ \t]+індекс\w*|почтов\w*[ \t]+индекс\w*|індекс|индекс"
    r"|\bUK\b|U\.K\.|England|Britain|British|Scotland|Wales|Northern[ \t]+Ireland|London|NHS"
    r"|Англі\w*|Англи\w*|Британ\w*|Шотланд\w*|Уельс\w*|Лондон\w*)"
)
# "Bristol, BS5 6JE": a town and a comma right before the postcode.
_TOWN_BEFORE = re.compile(r"[A-Z][a-z]{2,20},[ \t]$")
_SLASHED_NUMBER = Anchored(re.compile(r"\d(?<![\w/]\d)\d{0,6}/\d{2,4}(?![\w/])"))
_SIGN_BEFORE = re.compile(r"(?<![\w])(?i:no\.?|nr\.?|№|#|number|номер)[ \t]*$")
_CARD_WORD = re.compile(
    r"(?i:card|картк|карт[аиуі]|карточк|patient|пацієнт|пациент|справ[аиуі]|дел[оа]|case|file|record"
    r"|медкарт|history|істор|истор)"
)


def find_cued_ids(text: str) -> Iterator[Span]:
    # Each rule behind its own cheap condition: a substring, or a pattern whose first character
    # `re` scans for (one pattern of all three conditions costs more than the three).
    if "A" in text and _A_NUMBER_HINT.search(text):
        for match in _A_NUMBER_DASHED.finditer(text):
            yield Span(match.start(), match.end(), "document")
        for match in _A_NUMBER_AFTER_NAME.finditer(text):
            yield Span(match.start(1), match.end(1), "document")
    if digit_count(text) >= 2 and _UK_POSTCODE_HINT.search(text):  # a text after its first pass has none
        yield from _uk_postcodes(text)
    if "/" in text:
        yield from _card_numbers(text)


def _card_numbers(text: str) -> Iterator[Span]:
    """A slashed number after "no"/"№", with a card's or a case's word earlier in its sentence."""
    for match in _SLASHED_NUMBER.finditer(text):
        start = match.start()
        if not _SIGN_BEFORE.search(text, max(0, start - 10), start):
            continue
        sentence_start = max(text.rfind(stop, max(0, start - 70), start) for stop in ".!?\n") + 1
        if _CARD_WORD.search(text, max(sentence_start, start - 70), start):
            yield Span(start, match.end(), "document")


def _uk_postcodes(text: str) -> Iterator[Span]:
    in_the_uk = bool(_UK_CONTEXT.search(text))
    for match in _UK_POSTCODE.finditer(text):
        if in_the_uk or _TOWN_BEFORE.search(text, max(0, match.start() - 24), match.start()):
            yield Span(match.start(), match.end(), "address")
