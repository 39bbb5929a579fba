"""Identifiers and plates of Spain and Portugal by their shape (fifteenth round).

- Portugal's citizen card: eight digits, a check digit, two letters and a digit, grouped as
  the writer likes ("14582739 0 ZX4", "31 045 627 4 ZY2");
- a health card's code: four capitals (from the holder's names or the region) and eight to
  ten digits ("HNVS0870312002", "MURC 1234 5678 90");
- a car plate in a text about a car: Spain's four digits and three consonants ("4821 LKP";
  no currency's code: "5000 PLN" is money), Portugal's pairs joined by hyphens ("54-RT-19").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from peerline_shared.privacy.scrub_regex import digit_count, lowered
from peerline_shared.privacy.scrub_spans import Span
from peerline_shared.privacy.scrub_triggers import trigger_words

# A digit first, then the look-behind: `re` scans for digits quickly.
_CITIZEN_CARD = re.compile(r"\d(?<![\w]\d)(?:[ \t]?\d){8}[ \t]?[A-Z]{2}\d(?![\w])")
_HEALTH_CARD = re.compile(r"(?<![\w])[A-Z]{4}(?P<grouped>[ \t]?\d(?:[ \t]?\d){7,9})(?![\w])")
# Joined, the code is a card's; in groups ("CIAV 800 250 250" is a hotline) only after a card's
# word shortly before it.
_HEALTH_CARD_CUE = re.compile(r"(?i:tarjeta|sanitaria|cartão|utente|health[ \t]+card|cip|sip)(?![\w])")
_CAPITALS_THEN_DIGITS = re.compile(r"[A-Z]{4}[ \t]?\d")
_CONSONANTS = "BCDFGHJKLMNPRSTVWXYZ"
_CURRENCIES = r"PLN|CZK|HRK|BGN|RSD|DKK|NZD|MXN|HKD|SGD|TWD|KZT|GHS|KGS"
_PLATE = re.compile(
    rf"(?<![\w-])(?:\d{{4}}[ \t-]?(?!(?:{_CURRENCIES})(?![\w]))[{_CONSONANTS}]{{3}}"
    r"|\d{2}-[A-Z]{2}-\d{2}|[A-Z]{2}-\d{2}-[A-Z]{2}|\d{2}-\d{2}-[A-Z]{2}|[A-Z]{2}-\d{2}-\d{2})(?![\w-])"
)
_CAR_HINT = trigger_words(
    ("matrícula", "matricula", "placa", "plate", "licence", "license", "coche", "carro", "car ",
     "car,", "car.", "cars", "auto", "машин", "авто", "тачк", "сеат", "seat ", "viatura"),
    at_word_start=True,
)  # fmt: skip
# A card's word somewhere in the text: the card rules run only then.
_CARD_HINT = trigger_words(
    ("cartão", "cartao", "cidadão", "cidadao", "citizen", "tarjeta", "sanitaria", "utente", "cip ",
     "cip:", "sip ", "sip:", "health", "card", "картк", "карт", "посвідчен", "удостоверен"),
    at_word_start=True,
)  # fmt: skip


HINTS = (_CARD_HINT, _CAR_HINT)


def find_iberian_ids(text: str) -> Iterable[Span]:
    digits = digit_count(text)
    if digits < 4:  # a plate holds four, the cards more
        return ()
    lower = lowered(text)[0]
    cards = digits >= 9 and _CARD_HINT.search(lower)
    car = _CAR_HINT.search(lower)
    return _ids(text, cards, car) if cards or car else ()


def _ids(text: str, cards: bool, car: bool) -> Iterator[Span]:
    if cards:
        for card in _CITIZEN_CARD.finditer(text):
            yield Span(card.start(), card.end(), "id_number")
        if _CAPITALS_THEN_DIGITS.search(text):
            for card in _HEALTH_CARD.finditer(text):
                joined = not any(char in " \t" for char in card.group("grouped"))
                if joined or _HEALTH_CARD_CUE.search(text, max(0, card.start() - 40), card.start()):
                    yield Span(card.start(), card.end(), "id_number")
    if car:
        for plate in _PLATE.finditer(text):
            yield Span(plate.start(), plate.end(), "plate")
