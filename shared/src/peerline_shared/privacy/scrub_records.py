"""Dates of birth, patient and insurance numbers, and national ids by shape (car plates:
`scrub_plates`).

Each rule is the format as issued: a Czech birth number is six digits, a slash and three or
four; an insurance or patient number is whatever code follows the words that introduce one.
Checksums keep counts and doses out where the scheme has one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from stdnum.cz import rc
from stdnum.fr import nir
from stdnum.tr import tckimlik

from peerline_shared.privacy.scrub_contacts import find_phones
from peerline_shared.privacy.scrub_regex import (
    Anchored,
    digit_count,
    lowered,
)
from peerline_shared.privacy.scrub_spans import Span
from peerline_shared.privacy.scrub_triggers import trigger_words

_DIGIT = re.compile(r"\d")
_SIX_DIGITS = re.compile(r"\d(?:[ \t/-]?\d){5}")
_YEAR = re.compile(r"(?:19|20)\d\d")
_MONTHS = (
    r"(?i:січ\w*|лют\w*|берез\w*|квіт\w*|трав\w*|черв\w*|лип\w*|серп\w*|верес\w*|жовт\w*"
    r"|листоп\w*|груд\w*|янв\w*|фев\w*|мар\w*|апр\w*|ма[йяе]\w*|июн\w*|июл\w*|авг\w*|сент\w*"
    r"|окт\w*|нояб\w*|дек\w*|jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*|sep\w*"
    r"|oct\w*|nov\w*|dec\w*"
    # thirteenth round: the host countries' months where their stems differ from the English
    # (Romanian, Italian, German, French, Spanish, Portuguese, Dutch, Polish)
    r"|ian\w*|iun\w*|iul\w*|mai|maio|mayo|maggio|mei|märz|maart|gen\w*|febb\w*|fév\w*|fev\w*"
    r"|giu\w*|lug\w*|ago\w*|set\w*|ott\w*|out\w*|okt\w*|dic\w*|dez\w*|ene\w*|avr\w*|abr\w*"
    r"|juin|juil\w*|août|sty\w*|lut\w*|kwi\w*|czer\w*|lip\w*|sier\w*|wrz\w*|paź\w*|paz\w*"
    r"|lis\w*|gru\w*)"
)
# Each month word of _MONTHS begins with one of these (in lower-cased text).
_MONTH_HINT = trigger_words(
    ("січ", "лют", "берез", "квіт", "трав", "черв", "лип", "серп", "верес", "жовт", "листоп",
     "груд", "янв", "фев", "мар", "апр", "май", "мая", "мае", "июн", "июл", "авг", "сент", "окт",
     "нояб", "дек", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
     "dec", "ian", "iun", "iul", "mai", "mei", "mär", "maa", "gen", "fév", "fev", "giu", "lug",
     "ago", "set", "ott", "out", "okt", "dic", "dez", "ene", "avr", "abr", "juin", "juil", "aoû",
     "sty", "lut", "kwi", "czer", "lip", "sier", "wrz", "paź", "paz", "lis", "gru"),
    at_word_start=True,
)  # fmt: skip
_MONTH_HINT_ANY_CASE = re.compile(_MONTH_HINT.pattern, re.IGNORECASE)
_DATE_HINT = re.compile(r"\d[./-]\d")  # in both shapes of _NUMERIC_DATE
_NUMERIC_DATE = re.compile(
    r"(?<![\w.,/-])(?:(\d{1,2})[./-](\d{1,2})[./-]((?:19|20)?\d\d)|((?:19|20)\d\d)-(\d{2})-(\d{2}))"
    r"(?![\w/]|[.,]\d)"
)
_WORD_DATE = re.compile(
    rf"(?<![\w])(?:\d{{1,2}}\.?[ \t]+(?:de[ \t]+)?{_MONTHS}\.?,?[ \t]+(?:de[ \t]+)?"
    rf"|{_MONTHS}\.?[ \t]+\d{{1,2}}(?:st|nd|rd|th)?,?[ \t]+)"
    r"(?:19|20)\d\d(?:[ \t]*(?:р\.|г\.|року|года))?(?![\w])"
)
# "15/IV/1979", "3.XII.85": the month in Roman numerals.
_ROMAN_DATE = re.compile(
    r"(?<![\w.,/-])(\d{1,2})[./ -](XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)[./ -]((?:19|20)?\d\d)"
    r"(?![\w/]|[.,]\d)"
)
_ROMAN_MONTH_HINT = re.compile(r"[./ -][IVX]{1,4}[./ -]")
_SHORT_YEAR_WORD_DATE = re.compile(
    rf"(?<![\w])\d{{1,2}}[ \t]+{_MONTHS}\.?,?[ \t]+['’]?\d\d"
    r"(?:-?(?:го|ого|й|ий|th)|[ \t]*(?:р\.|г\.|року|года))?(?![\w])"
)
_BIRTH_WORD = re.compile(
    r"(?i)(?:д\.?[ \t]?н\.?|д\.?[ \t]?р\.?|г\.?[ \t]?р\.?|р\.?[ \t]?н\.?|born|dob|d\.o\.b\.?"
    r"|date of birth|birthday|дата народження|дата рождения|народ\w*|родил\w*|рожд\w*|нар\.|"
    r"geb\.|geboren|urodz\w*|né|née|nar\.|narozen\w*"
    r"|naşt\w*|nașt\w*|născ\w*|nascut\w*|nato|nata|nacid\w*|nascid\w*|nascita)"
)
_BIRTH_AFTER = re.compile(r"(?i)^[ \t,]*(?:р\.?[ \t]?н\.?|г\.?[ \t]?р\.?|д\.?[ \t]?н\.?|д\.?[ \t]?р\.?)")

_CARE_NUMBER = Anchored(
    re.compile(
        r"(?i)(?<![\w])(?:медичн\w*[ \t]+картк\w*|медкарт\w*|амбулаторн\w*[ \t]+карт\w*"
        r"|істор\w*[ \t]+хвороб\w*"
        r"|истор\w*[ \t]+болезни|пацієнт\w*|пациент\w*|patient(?:[ \t]+(?:id|number|no))?"
        r"|case[ \t]+(?:number|no)|nhs(?:[ \t]+(?:number|no))?|поліс\w*|полис\w*|омс|дмс"
        r"|страхов\w*(?:[ \t]+(?:номер|поліс|полис|картк\w*|карт\w*))?"
        r"|insurance(?:[ \t]+(?:number|no|id|card))?"
        r"|policy[ \t]+(?:number|no)|versichert\w*|krankenkasse\w*|ubezpiecz\w*|pojišt\w*"
        r"|декларац\w*|справ[аиі]|дело|картк\w*[ \t]+пацієнт\w*|реєстраційн\w*[ \t]+номер\w*"
        r"|id[ \t]+(?:пацієнта|пациента|клієнта|клиента)|(?:card|картк\w*|карт\w*)[ \t]+(?:number|no|номер)"
        r"|жетон\w*|badge(?:[ \t]+(?:number|no))?|табельн\w*[ \t]+номер\w*|службов\w*[ \t]+посвідченн\w*"
        r"|reference(?:[ \t]+(?:number|no))?|заявк\w*|application[ \t]+(?:number|no)"
        r"|prisoner(?:[ \t]+(?:id|number|no))?|inmate(?:[ \t]+(?:id|number|no))?"
        r"|offender[ \t]+(?:id|number|no)"
        r"|номер\w*[ \t]+(?:засуджен\w*|ув['’ʼ]?язнен\w*|заключенн\w*|осужденн\w*))"
        # "картка пацієнта ЗПТ 2317-К", "картка пацієнта в МІС 7741-2930", "number is 2021-0587"
        # "Badge number was 2217", "номер был 4417": a copula of any tense between word and code.
        r"(?:[ \t]+(?:is|was|це|це був|було|був|була|это|был|была|было|є|—|в|у|in|at))?"
        r"(?:[ \t]+[A-ZА-ЯІЇЄҐ]{2,6})?"
        r"[ \t:]{0,3}(?:№|N|No\.?|nr\.?|номер|number|#)?[ \t:.]{0,3}"
        # A space inside the code only before a digit ("7749 8830 2100"): "4417/23 в диспансері"
        # ends before "в", and "по 309 статье" holds no code.
        r"((?=[A-Za-zА-ЯІЇЄҐа-яіїєґ0-9/-]*\d)[A-Za-zА-ЯІЇЄҐа-яіїєґ0-9]"
        r"(?:[A-Za-zА-ЯІЇЄҐа-яіїєґ0-9/-]|[ ](?=\d)){3,24}[A-Za-zА-ЯІЇЄҐа-яіїєґ0-9])(?![\w])"
    )
)
# "Badge number was 2217", "жетон 0417", "номер жетона был 4471": an officer's badge is often three
# or four digits, shorter than the codes above.
_BADGE_NUMBER = re.compile(
    r"(?i)(?<![\w])(?:жетон\w*|badge|табельн\w*|dienstnummer|odznak\w*)(?:[ \t]+(?:number|no\.?|номер\w*))?"
    r"(?:[ \t]+(?:is|was|це|був|було|был|было|это))?[ \t:#№—–-]{0,4}(\d{3,8})(?![\w])"
)
_BADGE_HINT = trigger_words(("жетон", "badge", "табельн", "dienstnummer", "odznak"))  # in lower-cased text
# "Patient ID in their system is PL-OST-55821", "номер клієнта в базі центру — KV-0412": a
# code in capitals and digits after a record's word and a few words saying where it is kept.
_CODE_AFTER_WHERE = Anchored(
    re.compile(
        r"(?i:(?<![\w])(?:patient|client|case|file|record|member|customer|prisoner|inmate|insurance|policy"
        r"|пацієнт\w*|пациент\w*|клієнт\w*|клиент\w*|справ\w*|дел[оа])"
        r"(?:[ \t]+(?:id|number|no|code|номер|код))?"
        r"(?:[ \t]+(?:in|on|at|with|в|у|на)(?:[ \t]+[^\W\d_]+){1,3})[ \t]*(?:is|was|:|—|–|це|это)[ \t]*)"
        r"([A-ZА-ЯІЇЄҐ0-9](?:[A-ZА-ЯІЇЄҐ0-9]|[-/](?=[A-ZА-ЯІЇЄҐ0-9])){3,24})(?![\w])"
    )
)
# Searched in lower-cased text; a prefix tree, since `re` tries every word of a plain alternation
# at every position.
_CARE_HINT = trigger_words(
    (
        "медичн", "медкарт", "карт", "істор", "истор", "пацієнт", "пациент", "patient", "case",
        "nhs", "поліс", "полис", "омс", "дмс", "страхов", "insurance", "policy", "versichert",
        "krankenkasse", "ubezpiecz", "pojišt", "декларац", "справ", "дело", "реєстрац", "id ",
        "card", "жетон", "badge", "dienstnummer", "odznak", "табельн", "службов", "reference", "заявк",
        "application",
        "prisoner", "inmate", "offender", "засуджен", "язнен", "заключенн", "осужденн", "client",
        "клієнт", "клиент", "file", "record", "member", "customer"
    )
)  # fmt: skip
_NUMBER_SIGN = re.compile(r"(?<![\w])№[ \t]?([A-ZА-ЯІЇЄҐ]{0,3}[ \t-]?\d{6,16})(?![\w])")
# "карта №0317", "case № 4417/23": after a record's word, "№" with three digits or more.
_RECORD_SIGN = re.compile(
    r"(?i)(?<![\w])(?:карт\w*|картк\w*|медкарт\w*|справ\w*|дел[оа]|card|file|case|істор\w*|истор\w*"
    r"|протокол\w*|рецепт\w*|направлен\w*|договор\w*|договір\w*)[ \t]*[№#][ \t]?"
    r"(\d{3,16}(?:[/-]\d{1,6}){0,3})(?![\w])"
)
# Bare identifiers by their national shape.
# Each look-behind follows the first character (see scrub_regex.WORD_START).
_UK_NINO = re.compile(
    r"[A-CEGHJ-PR-TW-Z](?<!\w[A-CEGHJ-PR-TW-Z])[A-CEGHJ-PR-TW-Z]"
    r"[ \t]?\d{2}[ \t]?\d{2}[ \t]?\d{2}[ \t]?[A-D](?![\w])"
)
_SNILS = re.compile(r"(\d(?<!\w\d)\d{2})-(\d{3})-(\d{3})[ -](\d{2})(?![\w])")
_BY_PERSONAL = Anchored(re.compile(r"\d(?<!\w\d)\d{6}[A-Z]\d{3}[A-Z]{2}\d(?![\w])"))
_CZ_BIRTH_NUMBER = Anchored(re.compile(r"\d(?<![\w/]\d)\d{5}/\d{3,4}(?![\w/])"))
_FR_NIR = re.compile(
    r"[12](?<!\w[12])[ \t]?\d{2}[ \t]?\d{2}[ \t]?\d{2}[ \t]?\d{3}[ \t]?\d{3}(?:[ \t]?\d{2})?(?![\w])"
)
_DOCUMENT_CODE = re.compile(
    r"[A-ZА-ЯІЇЄҐ](?<!\w[A-ZА-ЯІЇЄҐ])[A-ZА-ЯІЇЄҐ]{0,2}[ \t-]?№?[ \t]?\d{6,10}(?![\w])"
)
_TR_ID = Anchored(re.compile(r"\d(?<!\w\d)\d{10}(?![\w])"))
# "1048-2937-5562": digit groups joined by hyphens, ten digits or more, are a reference code.
_HYPHENATED_CODE = Anchored(re.compile(r"\d(?<![\w-]\d)\d{2,5}(?:-\d{2,6}){2,4}(?![\w-])"))
# "1958 г.р.", "born 1990", "1990 року народження": a year of birth.
_BIRTH_YEAR = Anchored(
    re.compile(
        r"(?i)(?<![\w])(?:19|20)\d\d[ \t]*(?:г\.?[ \t]?р\.?|р\.?[ \t]?н\.?|года рождения|року народження"
        r"|рождения|народження)(?![\w])"
        r"|(?<![\w])(?i:born|b\.|нар\.|род\.|народив\w*|родил\w*)[ \t]+(?:in[ \t]+|в[ \t]+|у[ \t]+)?"
        r"(?:19|20)\d\d(?![\w])"
    )
)
# A bare run of nine or more digits is no quantity: if not a phone, some identifier.
# Twenty digits at most: the 17 of a Ukrainian criminal-proceedings number (ЄРДР) among them.
_DIGIT_RUN = Anchored(re.compile(r"\d(?<![\w+]\d)\d{8,19}(?![\w]|[.,]\d)"))
# A code in capitals and digits, by its shape alone, wherever it stands: letters, a hyphen and
# three digits or more ("ОШ-2231", "PL-OST-55821"); digits, a hyphen and capitals ("2281-Н");
# capitals with digits, a hyphen and four digits or more ("MA40-2291847");
# capitals and digits interleaved ("Y4K7M2P19"). Lower-case letters are left alone, so units
# and ordinals ("120мг", "2022-го") and short codes ("CD4", "H1N1", "COVID-19") survive.
_SHAPED_CODE = re.compile(
    r"[A-ZА-ЯІЇЄҐ](?<![\w-][A-ZА-ЯІЇЄҐ])[A-ZА-ЯІЇЄҐ]{0,3}(?:-[A-ZА-ЯІЇЄҐ]{1,4})*-\d{3,10}(?:[-/][A-ZА-ЯІЇЄҐ0-9]{1,6})*(?![\w-])"
    r"|\d(?<![\w-]\d)\d{2,9}-[A-ZА-ЯІЇЄҐ]{1,3}(?![\w-])"
    r"|[A-ZА-ЯІЇЄҐ](?<![\w-][A-ZА-ЯІЇЄҐ])[A-ZА-ЯІЇЄҐ]{0,3}\d{1,4}-\d{4,12}(?![\w-])"
    r"|[A-Z](?<![\w-][A-Z])(?=[A-Z0-9]{5,15}(?![\w-]))(?=(?:[A-Z]*\d){3})(?=[A-Z0-9]*\d[A-Z])[A-Z0-9]+"
)
_SHAPED_CODE_HINT = re.compile(
    r"[A-ZА-ЯІЇЄҐ\d](?:(?<=[A-ZА-ЯІЇЄҐ])\d{0,4}-\d|(?<=\d)-[A-ZА-ЯІЇЄҐ]|(?<=[A-Z])\d[A-Z]|(?<=\d)[A-Z]\d)"
)
# "№ 0847/22", "Nr. 2281", "No. 4417", "nº 8841273" (the ordinal sign of Portuguese, Spanish and
# Italian, or a degree sign for it), "núm. 4417": a number sign before four digits or more.
_SIGNED_NUMBER = re.compile(
    # (the look-behind after the first character: see scrub_regex.WORD_START)
    r"[№#Nn](?:(?<=[№#])|(?<=[Nn])(?<![\w][Nn])(?:[º°]\.?|\.[º°]|r\.|ro\.|úm\.|um\.)"
    r"|(?<=N)(?<![\w]N)o\.)[ \t]?"
    r"(\d(?:[/-]?\d){3,16}(?:[/-][A-ZА-ЯІЇЄҐ0-9]{1,6})?)(?![\w])"
)
# Polish court signatures ("II K 412/24") and Ukrainian ones ("761/1234/24").
_COURT_CASE = re.compile(
    r"[IVX](?<![\w][IVX])[IVX]{0,3}[ \t]+[A-Z][A-Za-z]{0,3}[ \t]+\d{1,6}/\d{2}(?![\w])"
    r"|\d(?<![\w/]\d)\d{2}/\d{2,6}/\d{2}(?![\w/])"
)
# "Дети: Арина (2015) и Миша (2018)": in a text about children or kin, a year in brackets after
# a capitalised word is a birth year ("Закон України (2015)" elsewhere is not).
_YEAR_AFTER_NAME = re.compile(r"[A-ZА-ЯІЇЄҐ][a-zа-яіїєґё'’]+[ \t]*\(((?:19|20)\d\d)\)")
_KIN_HINT = trigger_words(  # in lower-cased text
    ("діт", "дит", "дет", "син", "сын", "доч", "донь", "онук", "внук", "сестр", "брат", "child", "kid", "son",
     "daughter", "sister", "brother")
)  # fmt: skip


def find_birth_dates(text: str, *, bare_past_dates: bool = True) -> Iterator[Span]:
    if not digit_count(text):
        return
    latest_birth_year = date.today().year - 12
    for match in _NUMERIC_DATE.finditer(text) if _DATE_HINT.search(text) else ():
        year, valid = _numeric_date(match)
        near = _introduced(text, match.start(), match.end())
        if valid and (near or (bare_past_dates and 1920 <= year <= latest_birth_year)):
            yield Span(match.start(), match.end(), "birth_date")
    if _ROMAN_MONTH_HINT.search(text):
        for match in _ROMAN_DATE.finditer(text):
            year = _full_year(match.group(3))
            near = _introduced(text, match.start(), match.end())
            past = bare_past_dates and 1920 <= year <= latest_birth_year
            if 1 <= int(match.group(1)) <= 31 and (near or past):
                yield Span(match.start(), match.end(), "birth_date")
    lower, folded = lowered(text)
    months = _MONTH_HINT_ANY_CASE.search(text) if folded else _MONTH_HINT.search(lower)
    # "народився 3 травня 90-го", "born 3 May '90": a two-digit year, after a word of birth.
    for match in _SHORT_YEAR_WORD_DATE.finditer(text) if months else ():
        if _introduced(text, match.start(), match.end()):
            yield Span(match.start(), match.end(), "birth_date")
    if not _YEAR.search(text):
        return
    for match in _BIRTH_YEAR.finditer(text):
        yield Span(match.start(), match.end(), "birth_date")
    for match in _WORD_DATE.finditer(text) if months else ():
        year = int(re.findall(r"(?:19|20)\d\d", match.group())[-1])
        near = _introduced(text, match.start(), match.end())
        if near or (bare_past_dates and 1920 <= year <= latest_birth_year):
            yield Span(match.start(), match.end(), "birth_date")


def _full_year(digits: str) -> int:
    year = int(digits)
    if year < 100:
        year += 1900 if year > date.today().year % 100 else 2000
    return year


def _introduced(text: str, start: int, end: int) -> bool:
    return bool(_BIRTH_WORD.search(text, max(0, start - 25), start)) or bool(
        _BIRTH_AFTER.match(text[end : end + 12])
    )


def _numeric_date(match: re.Match[str]) -> tuple[int, bool]:
    if match.group(4):
        year, month, day = int(match.group(4)), int(match.group(5)), int(match.group(6))
    else:
        day, month, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
        if year < 100:
            year += 1900 if year > date.today().year % 100 else 2000
    try:
        date(year, month, day)
    except ValueError:
        try:  # the US order, month first
            date(year, day, month)
        except ValueError:
            return year, False
    return year, True


def find_records(text: str) -> Iterator[Span]:
    """Patient, insurance and case numbers after the words that introduce them."""
    if not digit_count(text):
        return
    if _CARE_HINT.search(lowered(text)[0]):
        for match in _CARE_NUMBER.finditer(text):
            yield Span(match.start(1), match.end(1), "id_number")
        if _BADGE_HINT.search(lowered(text)[0]):
            for match in _BADGE_NUMBER.finditer(text):
                yield Span(match.start(1), match.end(1), "id_number")
        for match in _CODE_AFTER_WHERE.finditer(text):
            if len(_DIGIT.findall(match.group(1))) >= 3:
                yield Span(match.start(1), match.end(1), "id_number")
    # Generic shapes, so "document": any more specific reading of the same digits wins.
    if _SHAPED_CODE_HINT.search(text):
        for match in _SHAPED_CODE.finditer(text):
            yield Span(match.start(), match.end(), "document")
    if "№" in text or "#" in text or "." in text or "º" in text or "°" in text:
        for match in _SIGNED_NUMBER.finditer(text):
            yield Span(match.start(1), match.end(1), "document")
    if "/" in text:
        for match in _COURT_CASE.finditer(text):
            yield Span(match.start(), match.end(), "document")
    if "(" in text and _KIN_HINT.search(lowered(text)[0]):
        for match in _YEAR_AFTER_NAME.finditer(text):
            yield Span(match.start(1), match.end(1), "birth_date")
    if "№" in text:
        for match in _NUMBER_SIGN.finditer(text):
            yield Span(match.start(1), match.end(1), "document")
    if "№" in text or "#" in text:
        for match in _RECORD_SIGN.finditer(text):
            yield Span(match.start(1), match.end(1), "id_number")


def find_national_ids(text: str) -> Iterator[Span]:
    if digit_count(text) < 6 or not _SIX_DIGITS.search(text):  # every id here has six digits or more
        return
    for pattern in (_UK_NINO, _BY_PERSONAL):
        for match in pattern.finditer(text):
            yield Span(match.start(), match.end(), "id_number")
    # Shapes without a scheme give way to every specific kind ("document" ranks low).
    for match in _DOCUMENT_CODE.finditer(text):
        yield Span(match.start(), match.end(), "document")
    for pattern in (_DIGIT_RUN, _HYPHENATED_CODE):
        for match in pattern.finditer(text):
            digits = sum(ch.isdigit() for ch in match.group())
            if digits >= 9 and not any(find_phones(match.group())):
                yield Span(match.start(), match.end(), "document")
    for match in _SNILS.finditer(text):
        if _snils_is_valid("".join(match.groups())):
            yield Span(match.start(), match.end(), "id_number")
    for match in _CZ_BIRTH_NUMBER.finditer(text):
        if rc.is_valid(match.group()):
            yield Span(match.start(), match.end(), "id_number")
    for match in _FR_NIR.finditer(text):
        compact = match.group().replace(" ", "").replace("\t", "")
        if len(compact) == 15 and nir.is_valid(compact):
            yield Span(match.start(), match.end(), "id_number")
    for match in _TR_ID.finditer(text):
        if tckimlik.is_valid(match.group()):
            yield Span(match.start(), match.end(), "id_number")


def _snils_is_valid(digits: str) -> bool:
    total = sum(int(d) * w for d, w in zip(digits[:9], range(9, 0, -1), strict=True))
    check = total % 101 if total > 101 else total
    return (0 if check in (100, 101) else check) == int(digits[9:])
