"""Street addresses with a house number: Cyrillic, English, German and Polish conventions.

A street name alone ("на вулиці Шевченка") is not redacted here: without a house number it
points at thousands of people. The name detector is told to leave street names alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from peerline_shared.privacy.scrub_spans import Span

# Street-type words in the forms they take after a preposition ("на вулиці", "на улице").
STREET_WORDS = (
    r"вул(?:иц[яіеюи]|\.)?|улиц[аеуыи]|ул\.?|просп(?:ект[аеуі]?|\.)?|пр-т|пр\.|пр-кт"
    r"|пров(?:ул(?:ок|ку|ка)|\.)?|пер(?:еул(?:ок|ке|ка)|\.)|бульв(?:ар[аеуі]?|\.)?|бул\."
    r"|площ(?:а|і|у|адь|ади)|пл\.|шос(?:е|се)|наб(?:ережн(?:а|ая|ій|ой)|\.)|узвіз|узвоз"
    r"|тупик|мікрорайон|микрорайон|мкрн?\.?|ж/м|житлов(?:ий|ому)\s+масив"
    r"|ul\.|al\.|ulica|ulicy|aleja|os\.|osiedle|vul\.|vulytsia|vulytsya|ulitsa|prosp\.|prospekt"
)
_FIRST_STREET_WORD = r"(?:\d{1,3}(?:-?[^\W\d_]{1,3})?|[^\W\d_][\w'’ʼ.-]{0,40})"
# Later words of a multi-word street name are capitalised ("Січових Стрільців", "8 Марта").
_NEXT_STREET_WORD = r"(?:\d{1,3}(?:-?[^\W\d_]{1,3})?|[A-ZА-ЯІЇЄҐ][\w'’ʼ.-]{0,40})"
_HOUSE = (
    r"(?:(?i:буд(?:инок|\.)?|дом|д\.|б\.|№|house|nr\.?)[ \t]*)?"
    r"\d{1,4}(?:[ \t]?(?i:[а-яіїєa-z])(?![\w]))?"
    r"(?:[ \t]*[/-][ \t]*\d{1,4}(?i:[а-яіїєa-z])?(?![\w]))?"
)
_UNIT = (
    r"(?:,?[ \t]*(?i:корп(?:ус|\.)?|к\.|секц(?:ія|ия)|під'?їзд|подъезд|пом\.|офіс|офис)"
    r"[ \t]*\d{1,4})?"
    r"(?:,?[ \t]*(?i:кв(?:артира|\.)?|apt\.?|apartment|flat|m\.|lok\.)[ \t]*\d{1,4}"
    r"(?i:[а-яa-z])?)?"
)
_CYRILLIC_STREET = re.compile(
    rf"(?<![\w])(?i:{STREET_WORDS})[ \t]*"
    rf"{_FIRST_STREET_WORD}(?:[ \t]+{_NEXT_STREET_WORD}){{0,3}}"
    rf",?[ \t]*{_HOUSE}{_UNIT}(?![\w])"
)
_HOUSE_AND_FLAT = re.compile(
    r"(?<![\w])(?:буд(?:инок|\.)|дом|д\.)[ \t]*\d{1,4}[а-яіїє]?(?:[ \t]*/[ \t]*\d{1,4})?"
    r",?[ \t]*(?:кв(?:артира|\.)?)[ \t]*\d{1,4}(?![\w])",
    re.IGNORECASE,
)
_EN_STREET_TYPES = (
    r"Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Boulevard|Blvd|Drive|Dr|Way|Court|Ct|Place|Pl"
    r"|Square|Sq|Terrace|Close|Crescent|Gardens|Hill|Row|Parade|Walk|Highway|Hwy"
)
_EN_UNIT = r"(?:apartment|apt\.?|flat|unit|suite|#)[ \t]*\w{1,5}"
_ENGLISH_STREET = re.compile(
    rf"(?<![\w])(?:{_EN_UNIT},?[ \t]+)?\d{{1,5}}[A-Za-z]?,?[ \t]+"
    rf"(?:[A-Z][\w'’.-]{{0,30}}[ \t]+){{1,4}}(?:{_EN_STREET_TYPES})\b"
    rf"(?:,?[ \t]*{_EN_UNIT})?"
)
# "Zelena Street 12", "Shevchenko Ave. 5": the continental order in English words.
_ENGLISH_NAME_FIRST = re.compile(
    rf"(?<![\w])(?:[A-Z][\w'’.-]{{0,30}}[ \t]+){{1,3}}(?:{_EN_STREET_TYPES})\.?,?[ \t]*"
    rf"\d{{1,5}}[A-Za-z]?(?:[ \t]*[/-][ \t]*\d{{1,4}})?(?:,?[ \t]*{_EN_UNIT})?(?![\w])"
)
# "на Шевченка 12, кв 5": no street word, but a house and a flat.
_NAME_HOUSE_FLAT = re.compile(
    r"(?<![\w])[A-ZА-ЯІЇЄҐ][\w'’ʼ-]{1,30},?[ \t]*\d{1,4}(?i:[а-яіїєa-z])?"
    r"(?:[ \t]*/[ \t]*\d{1,4})?,?[ \t]*(?i:кв(?:артира|\.)?|apt\.?|flat)[ \t]*\d{1,4}(?![\w])"
)
_GERMAN_STREET = re.compile(
    r"(?<![\w])(?:[A-ZÄÖÜ][\w'’.-]{0,30}[ \t-]){0,3}(?:[A-ZÄÖÜ][\w'’-]{0,30})?"
    r"(?i:straße|strasse|str\.|weg|gasse|platz|allee|damm|ufer|chaussee)"
    r"[ \t]*\d{1,4}[a-z]?(?:[ \t]*[/-][ \t]*\d{1,4})?(?![\w])"
)


def find_addresses(text: str) -> Iterator[Span]:
    patterns = (
        _CYRILLIC_STREET,
        _HOUSE_AND_FLAT,
        _NAME_HOUSE_FLAT,
        _ENGLISH_STREET,
        _ENGLISH_NAME_FIRST,
        _GERMAN_STREET,
    )
    for pattern in patterns:
        for match in pattern.finditer(text):
            yield Span(match.start(), match.end(), "address")
