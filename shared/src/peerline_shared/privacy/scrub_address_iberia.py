"""Addresses of Spain and Portugal, the street word first (fifteenth round).

"Calle Río Mesa 12 bajo B, 29620 Torremolinos", "AVDA. DE LA CONSTITUCIÓN 22, 1ºA, 29010
MÁLAGA", "Plaza de Lavapiés 5, 4ºD", "Travessa do Carvalho 9, r/c, 1200-097 Lisboa", "Rua
Guilherme Gomes Fernandes lote 7 3º B", "Rua Morais Soares 102, 2.º andar": the street's type
(abbreviated or not, in any case a form is filled in), its articles and capitalised words, the
house, then the parts of the flat in the peninsula's conventions (a floor with its ordinal
sign and door, "bajo", "r/c", "lote", "piso", "puerta", "esq", "dto"), and a postcode with its
town (a known town stays: "Lisboa" is kept, as after any postcode, `scrub_address_parts`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from peerline_shared.privacy.scrub_address_town import known_towns
from peerline_shared.privacy.scrub_regex import digit_count, lowered
from peerline_shared.privacy.scrub_spans import Span
from peerline_shared.privacy.scrub_triggers import trigger_words

# Whole words: a space after the full ones ("calle ", not the "calle" of "called").
_STREET_TYPE_HINT = trigger_words(
    ("c/", "avda", "av.", "pza", "pº", "urb.",
     *(word + " " for word in ("calle", "avenida", "plaza", "paseo", "camino", "carrer", "ronda", "travesía",
                               "glorieta", "rua", "travessa", "praça", "praca", "largo", "estrada", "alameda",
                               "beco", "calçada", "rotunda", "urbanización"))),
    at_word_start=True,
)  # fmt: skip
HINTS = (_STREET_TYPE_HINT,)
_STREET_TYPE = (
    r"calle|c/|avda\.?|avenida|av\.|plaza|pza\.?|paseo|pº|camino|carrer|ronda|travesía|glorieta"
    r"|rua|travessa|praça|praca|largo|estrada|alameda|beco|calçada|rotunda|urbanización|urb\."
)
_ARTICLES = r"(?:(?i:de|del|de[ \t]+la|de[ \t]+los|de[ \t]+las|do|da|dos|das|d['’])[ \t]*)?"
_NAME_WORD = r"[A-ZÀ-ÝÑ][\w'’.-]{0,30}"
_HOUSE = r"(?:(?i:n\.?[ºo°]\.?|núm\.?|número|lote)[ \t]*)?\d{1,4}[A-Za-z]?(?![\w])|(?i:s/n)"
_STREET = re.compile(
    # A type joined to the name only after its "/" or "." ("c/Mayor"): "CALLED" is no street.
    rf"(?<![\w])(?i:{_STREET_TYPE})(?:(?<=[/.])[ \t]*|[ \t]+){_ARTICLES}{_NAME_WORD}"
    rf"(?:[ \t]+{_ARTICLES}{_NAME_WORD}){{0,4}},?[ \t]+(?:{_HOUSE})"
)
# "1ºA", "2.º andar", "3º B", "4ºD", "bajo B", "r/c", "lote 7", "piso 3", "puerta 2", "esq.",
# "dcha", "izq", "dto", "andar", "planta".
_ORDINAL = r"\d{1,2}\.?[ºª°](?:[ \t]?(?-i:[A-Z])(?![\w]))?"
_PART = (
    rf"{_ORDINAL}|bajo(?:[ \t]+(?-i:[A-Z])(?![\w]))?|r/c|lote[ \t]*\d{{1,4}}|piso[ \t]*\d{{1,2}}"
    r"|puerta[ \t]*\d{1,3}|pta\.?[ \t]*\d{1,3}|esq\.?|esquerdo|direito|dcha\.?|izq(?:da)?\.?|dto\.?"
    r"|andar|planta|bloque[ \t]*\w{1,3}|portal[ \t]*\d{1,3}|escalera[ \t]*\w{1,2}"
)
_POSTCODE = r"\d{5}|\d{4}-\d{3}"
_TOWN = r"[A-ZÀ-ÝÑ][\w'’-]{1,30}(?:[ \t]+(?:de[ \t]+)?[A-ZÀ-ÝÑ][\w'’-]{1,30}){0,2}"
_TAIL = re.compile(
    rf"(?:,?[ \t]*(?i:{_PART})(?![\w])|,?[ \t]*(?:{_POSTCODE})(?![\w])(?:[ \t]+(?P<town>{_TOWN}))?)"
)


def find_iberian_addresses(text: str) -> Iterable[Span]:
    if digit_count(text) == 0 or not _STREET_TYPE_HINT.search(lowered(text)[0]):
        return ()
    return _addresses(text)


def _addresses(text: str) -> Iterator[Span]:
    for street in _STREET.finditer(text):
        yield Span(street.start(), _end_of_tail(text, street.end()), "address")


def _end_of_tail(text: str, end: int) -> int:
    while (part := _TAIL.match(text, end)) is not None and part.end() > end:
        town = part.group("town")
        if town is not None and town.lower() in known_towns():
            return len(text[: part.start("town")].rstrip(" \t"))
        end = part.end()
    return end
