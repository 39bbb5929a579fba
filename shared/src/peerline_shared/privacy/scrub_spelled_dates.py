"""Dates of birth written in words: "двадцяте березня дев'яносто першого року", "второго
августа восемьдесят пятого", "the twelfth of May, 1994", "5th of June 1987".

A day, a month and a year together are a date of birth in these messages: an appointment or
an arrest is dated without its year. The day is an ordinal word (or digits with "th"), the
month a month's name, the year four digits or an ordinal number in words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from peerline_shared.privacy.scrub_spans import Span
from peerline_shared.privacy.scrub_triggers import trigger_words

_A = "['’ʼ]"  # the apostrophe of "п'ять" in its spellings
# Ordinal stems of 1-19 and of the tens (uk, ru); the ending follows.
_ORDINAL_STEM = (
    rf"перш|перв|друг|втор|трет|четверт|четвёрт|п{_A}?ят|шост|шест|сьом|седьм|восьм|дев{_A}?ят"
    rf"|десят|одинадцят|одиннадцат|дванадцят|двенадцат|тринадцят|тринадцат|чотирнадцят|четырнадцат"
    rf"|п{_A}?ятнадцят|пятнадцат|шістнадцят|шестнадцат|сімнадцят|семнадцат|вісімнадцят|восемнадцат"
    rf"|дев{_A}?ятнадцят|девятнадцат|двадцят|двадцат|тридцят|тридцат"
    rf"|сороков|п{_A}?ятдесят|пятидесят|шістдесят|шестидесят|сімдесят|семидесят|вісімдесят|восьмидесят"
    rf"|дев{_A}?яност|девяност"
)
_ORDINAL = rf"(?:{_ORDINAL_STEM})[а-яіїєё]{{1,4}}"
_TENS = (
    rf"двадцять|двадцать|тридцять|тридцать|сорок|п{_A}?ятдесят|пятьдесят|шістдесят|шестьдесят"
    rf"|сімдесят|семьдесят|вісімдесят|восемьдесят|дев{_A}?яносто|девяносто"
)
_CENTURY = rf"(?:тисяча|тысяча)[ \t]+(?:дев{_A}?ятсот|девятьсот)|(?:двохтисячн|двухтысячн)[а-я]{{2,3}}"
_SLAVIC_MONTH = (
    r"січня|лютого|березня|квітня|травня|червня|липня|серпня|вересня|жовтня|листопада|грудня"
    r"|января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
)
_SLAVIC_DAY = rf"(?:(?:{_TENS})[ \t]+)?{_ORDINAL}|\d{{1,2}}[ \t]*-?[ \t]*(?:го|е|те|ое)"
# The year 2000 itself ("двохтисячного року") and the years after it ("дві тисячі п'ятого").
_TWO_THOUSAND = (
    r"(?:двохтисячн|двотисячн|двухтысячн)[а-я]{2,3}"
    rf"|(?:дві|две)[ \t]+(?:тисячі|тысячи)[ \t]+(?:(?:{_TENS})[ \t]+)?{_ORDINAL}"
)
_SLAVIC_YEAR = (
    rf"(?:(?:19|20)\d\d|{_TWO_THOUSAND}|(?:(?:{_CENTURY})[ \t]+)?(?:(?:{_TENS})[ \t]+)?{_ORDINAL})"
    r"(?:[ \t]+(?:року|рік|года|год|р\.|г\.))?"
)
_SLAVIC_DATE = re.compile(
    rf"(?<![\w])(?i:{_SLAVIC_DAY})[ \t]+(?i:{_SLAVIC_MONTH})[ \t]+(?i:{_SLAVIC_YEAR})(?![\w])"
)
_EN_ORDINAL = (
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
    r"|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth"
    r"|thirtieth|(?:twenty|thirty)[ -](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
    r"|\d{1,2}(?:st|nd|rd|th)"
)
_EN_MONTH = r"January|February|March|April|May|June|July|August|September|October|November|December"
_EN_YEAR = (
    r"(?:19|20)\d\d|nineteen[ -](?:forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[ -](?:one|two|three|four|five|six|seven|eight|nine))?"
)
_ENGLISH_DATE = re.compile(
    rf"(?<![\w])(?i:(?:the[ \t]+)?(?:{_EN_ORDINAL})[ \t]+(?:of[ \t]+)?(?:{_EN_MONTH})"
    rf"|(?:{_EN_MONTH})[ \t]+(?:the[ \t]+)?(?:{_EN_ORDINAL}))"
    rf",?[ \t]+(?i:{_EN_YEAR})(?![\w])"
)
_DIGIT_YEAR = re.compile(r"(?:19|20)\d\d")
# A month's name in the lower-cased text: a prefix tree, case-sensitive (a case-insensitive
# alternation of the 24 names cost 38 µs a message, this 4).
_HINT = trigger_words(f"{_SLAVIC_MONTH}|{_EN_MONTH.lower()}".split("|"))


def find_spelled_birth_dates(text: str) -> Iterator[Span]:
    if not _HINT.search(text.lower()):
        return
    latest_birth_year = date.today().year - 12  # "первого мая 2024 года" is an event
    for pattern in (_SLAVIC_DATE, _ENGLISH_DATE):
        for match in pattern.finditer(text):
            years = [int(year) for year in _DIGIT_YEAR.findall(match.group())]
            years += _years_after_two_thousand(match.group())
            if all(year <= latest_birth_year for year in years):
                yield Span(match.start(), match.end(), "birth_date")


_ORDINAL_VALUES = tuple(
    (stem, value)
    for value, stems in enumerate(
        (
            "", "перш перв", "друг втор", "трет", "четверт четвёрт", "пят п'ят п’ят", "шост шест",
            "сьом седьм", "восьм", "девят дев'ят дев’ят", "десят", "одинадцят одиннадцат",
            "дванадцят двенадцат", "тринадцят тринадцат", "чотирнадцят четырнадцат",
            "пятнадцят п'ятнадцят п’ятнадцят пятнадцат", "шістнадцят шестнадцат", "сімнадцят семнадцат",
            "вісімнадцят восемнадцат", "девятнадцят дев'ятнадцят дев’ятнадцат девятнадцат",
        )
    )
    for stem in stems.split()
)  # fmt: skip
_AFTER_TWO_THOUSAND = re.compile(
    r"(?i:тисячі|тысячи)[ \t]+(?:(?P<tens>двадцять|двадцать|тридцять|тридцать)[ \t]+)?(?P<ordinal>[\w'’ʼ]+)"
)


def _years_after_two_thousand(text: str) -> list[int]:
    """ "дві тисячі двадцять четвертого" -> [2024]: a year in words after 2000, so that a
    recent event is not read as a birth."""
    match = _AFTER_TWO_THOUSAND.search(text)
    if match is None:
        return []
    tens = (
        0 if match.group("tens") is None else (20 if match.group("tens").lower().startswith("двадц") else 30)
    )
    ordinal = match.group("ordinal").lower().replace("ʼ", "'")
    value = max((v for stem, v in _ORDINAL_VALUES if ordinal.startswith(stem)), default=0)
    if ordinal.startswith(("двадцят", "двадцат")):
        value = 20
    elif ordinal.startswith(("тридцят", "тридцат")):
        value = 30
    return [2000 + tens + value]
