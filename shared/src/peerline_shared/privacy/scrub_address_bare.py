"""Streets named without a street word (issue 16, round 16), and the Irish Eircode.

A host country's street is often written as its name and a house number alone, the flat after
a hyphen: "на Sõle 14", "в Тарту, Anne 52-18", "адреса Raatuse 22-104", "living in Rehovot
now, Herzl 88". The same shape is a medicine's dose, a phone model, a bus, a terminal or an
article ("на Suboxone 8", "iPhone 13", "bus 42", "Terminal 2", "Article 309"), so a Latin
street name and its number are an address only with a cue before them:

- a word that says where someone lives or stays ("адреса", "address", "живу", "на", "в");
- a place right before it and a comma ("в Нарве, ", "Rehovot now, ", "Kaunas, ").

After the English "at", "on" and "in" the house must also have its flat ("22-6"): in English
those words come before a name and a number far more often than before a street. The name is
one or two Latin words, capitalised, with no capital or digit inside ("iPhone", "COVID");
words that are no street (`_NOT_STREETS`, the medicines of `scrub_kept_words`) and numbers
that are a dose, a price, a duration, a time or a year are left.

An Eircode ("D24 Y5X8") is one Irish address by itself; the street, town and district before
it and the house after it go with it ("Kilnamanagh Road, Tallaght, Dublin 24, D24 Y5X8,
house 41").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from peerline_shared.privacy.scrub_kept_words import MEDICINE, NEEDED_WORD
from peerline_shared.privacy.scrub_regex import number_starts
from peerline_shared.privacy.scrub_spans import Span

_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĢĪĮĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŹŻŽ"
_LOWER = "a-zß-öø-ÿāăąćčďđēėęěģīįķĺļľłńņňōőœŕřśşšţťūůűųźżž"
_NAME_WORD = rf"[{_UPPER}][{_LOWER}'’-]{{2,30}}"
# A place, street-shaped word or two and its house, right before where a number begins.
# ("Vana-Kalamaja 12-4"; the look-behind after the first letter: see scrub_regex.WORD_START)
_STREET_BEFORE = re.compile(
    rf"([{_UPPER}](?<![\w-].)[{_LOWER}'’-]{{2,30}}(?:-{_NAME_WORD})?"
    rf"(?:[ \t]+{_NAME_WORD}(?:-{_NAME_WORD})?)?)[ \t]+$"
)
_LATIN_END = "\u0250"  # the Latin letters (Basic Latin to Latin Extended-B) come before it
_HOUSE = re.compile(
    r"(?P<house>\d{1,4}[a-zA-Z]?)(?:[ \t]?[-/][ \t]?(?P<flat>\d{1,4}[a-zA-Z]?))?"
    # not a decimal, a time, a ratio or a range of doses ("8.5", "14:30", "8/2 mg")
    r"(?![\w%°]|-[^\W\d_]|[.,:][ \t]?\d|[ \t]*[-–/][ \t]*\d|[ \t]\d)"
)
# A number followed by one of these is an amount: a dose, a price, a duration, a count.
AMOUNT_AFTER = re.compile(
    r"[ \t]*(?i:mg|мг|mcg|мкг|ml|мл|g|г|гр|kg|кг|mm|мм|cm|см|km|км|eur|euro|евро|євро|€|\$|usd|грн"
    r"|uah|zł|zl|pln|kč|czk|ft|huf|lei|lari|gel|tl|руб\w*|сом|som|тенге|₸|₪|nis|шекел\w*|ils"
    r"|years?|yrs?|лет|год\w*|рок\w*|день|дн\w*|days?|weeks?|недел\w*|тижн\w*|міс\w*|мес\w*|months?"
    r"|hours?|h|час\w*|min\w*|мин\w*|хв\w*|tab\w*|таб\w*|шт|pcs|pills?|капс\w*|x|х|раз\w*|times"
    r"|people|persons|осіб|чел\w*|ампул\w*|doses?|доз\w*|stars?|points?|%|am|pm|a\.m\.|p\.m\."
    # a date: "в Tallinn 14 декабря", "Riga 3 March"
    r"|(?:янв|фев|мар|апр|ма[йя]|июн|июл|авг|сен|окт|ноя|дек|січ|лют|бер|квіт|трав|черв|лип|серп"
    r"|вер|жовт|лист|груд|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*)(?![\w])"
)
# Cues right before the street: where someone lives or stays, or a place preposition.
_STRONG_CUE = re.compile(
    r"(?i)(?:^|[^\w])(?:адреса|адрес|адресу|address|adresa|adres|adresas|aadress|adrese|cím"
    r"|живу|живе|живет|живёт|живемо|живем|живём|живуть|живут|мешкаю|мешкає|проживаю|проживає"
    r"|проживает|ночевал\w*|ночував\w*|lives|living|live|staying|stays|stay|на|в|у|во"
    # the same in the Latin letters of the region's languages and of Russian transliterated
    r"|na|zhivu|zhivem|zhivet|živim|živi|bydlím|bydlí|mieszkam|mieszka|gyvenu|dzīvoju|elan)"
    r"[ \t:—–-]{1,3}$"
)
_ENGLISH_CUE = re.compile(r"(?i)(?:^|[^\w])(?:at|on|in|near)[ \t]+$")
# A place and a comma before the street: "в Нарве, ", "in Rehovot now, ", "Kaunas, ".
_PLACE_BEFORE = re.compile(
    rf"(?:^|[^\w])(?:(?i:в|у|во|из|із|з|in|at|from|to)[ \t]+)?[{_UPPER}А-ЯЁІЇЄҐ][\w'’-]{{2,30}}"
    r"(?:[ \t]+(?i:now|зараз|сейчас|тепер|теперь))?,[ \t]*$"
)
_PLACE_PREPOSITION = re.compile(
    r"(?i)(?:^|[^\w])(?:в|у|во|из|із|з|in|at|from|to)[ \t]+\S+(?:[ \t]+\w+)?,[ \t]*$"
)
# Capitalised words before a number that are no street: vehicles and stops, documents' parts,
# rooms and levels, brands and services, months and weekdays.
_NOT_STREETS = frozenset(
    (
        "bus", "tram", "trolleybus", "metro", "line", "linka", "route", "terminal", "gate", "platform",
        "peron", "article", "section", "paragraph", "chapter", "part", "page", "art", "room", "ward",
        "block", "level", "floor", "stage", "phase", "step", "grade", "class", "group", "team", "version",
        "day", "week", "year", "number", "covid", "windows", "android", "iphone", "galaxy", "samsung",
        "xiaomi", "pixel", "uber", "bolt", "glovo", "wolt", "lidl", "aldi", "biedronka", "netflix",
        "revolut", "western", "union", "moneygram", "paypal", "visa", "mastercard", "telegram", "viber",
        "whatsapp", "signal", "instagram", "tiktok", "youtube", "google", "apple", "top", "tabs",
        "dose", "doses", "cabinet", "office", "kabinet", "gabinet", "sala", "pokoj", "zimmer", "raum",
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
        "saturday", "sunday", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
        "januar", "februar", "juni", "juli", "oktober", "dezember", "mai", "maart",
        "stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września",
        "października", "listopada", "grudnia", "ukraine", "poland", "israel", "ireland", "europe",
        "hiv", "hcv", "hepatitis", "genotype", "type", "cd", "vaccine", "euro", "wise", "binance",
        "zoom", "skype", "tinder", "excel", "steam", "playstation", "xbox", "nintendo",
        "iq", "rh", "plus", "pro", "max", "mini", "ultra", "note", "lite", "model", "series",
    )
)  # fmt: skip
_EIRCODE = re.compile(
    r"[AC-FHKNPRTV-Y](?<![\w].)(?:\d{2}|(?<=D)6W)[ \t]?"
    # the unique part mixes letters and digits ("Y5X8")
    r"(?=[0-9A-Z]{0,3}[A-Z])(?=[A-Z]{0,3}\d)[0-9AC-FHKNPRTV-Y]{4}(?![\w])"
)
# Up to four comma-separated parts before an Eircode ("Kilnamanagh Road, Tallaght, Dublin 24, ").
_EIRCODE_PART_BEFORE = re.compile(
    r"(?:(?:\d{1,4}[A-Za-z]?[ \t]+)?(?!Eircode)[A-Z][\w'’.-]{1,30}(?:[ \t]+[A-Z][\w'’.-]{1,30}){0,2}"
    r"(?:[ \t]+\d{1,2})?,?[ \t]+){1,4}$"
)
_HOUSE_AFTER = re.compile(
    r",?[ \t]*(?i:house|apt\.?|apartment|flat|unit|no\.?)[ \t]*\d{1,4}[A-Za-z]?(?![\w])"
)
# An institution's address is public: "at the hospital in Kaunas, Eiveniu 2".
_INSTITUTION_BEFORE = re.compile(
    r"(?i)hospital|clinic|centre|center|church|library|school|office|лікарн|больниц|клінік|клиник"
    r"|центр|церкв|офіс|офис|школ|estate|parish|charity|project|організац|организац|drop-in|service|hub"
)
_CUE_WINDOW = 24
_PLACE_WINDOW = 45


def find_bare_streets(text: str) -> Iterator[Span]:
    """The Latin street names with a house number and a cue before them (module docstring)."""
    # at the numbers the pass has found already (cached), after a space and a Latin letter
    for number_start in number_starts(text):
        if number_start < 2 or text[number_start - 1] not in " \t":
            continue
        letter = text[number_start - 2]
        if not (letter.islower() and letter < _LATIN_END):
            continue
        street = _STREET_BEFORE.search(text, max(0, number_start - 64), number_start)
        if street is None:
            continue
        house = _HOUSE.match(text, number_start)
        if house is None or AMOUNT_AFTER.match(text, house.end()) or _year(house.group("house")):
            continue
        if not _street_like(street.group(1)):
            continue
        start = street.start(1)
        if _institution_before(text, start):
            continue
        if _cued(text, start, flat=house.group("flat") is not None):
            yield Span(start, house.end(), "address")


def _cued(text: str, start: int, *, flat: bool) -> bool:
    if _STRONG_CUE.search(text, max(0, start - _CUE_WINDOW), start):
        return True
    if flat and _ENGLISH_CUE.search(text, max(0, start - 8), start):
        return True
    return _PLACE_BEFORE.search(text, max(0, start - _PLACE_WINDOW), start) is not None and (
        flat or _PLACE_PREPOSITION.search(text, max(0, start - _PLACE_WINDOW), start) is not None
    )


def _institution_before(text: str, start: int) -> bool:
    """Whether an institution is named before `start` in its sentence (40 characters at most)."""
    window_start = max(0, start - 40)
    sentence_start = max(text.rfind(stop, window_start, start) for stop in ".!?\n") + 1
    return _INSTITUTION_BEFORE.search(text, max(window_start, sentence_start), start) is not None


def _street_like(name: str) -> bool:
    words = name.split()
    # "Saturdays 12-16": a weekday in the plural is opening hours
    if any(word.lower() in _NOT_STREETS or word.lower().removesuffix("s") in _NOT_STREETS for word in words):
        return False
    return not any(MEDICINE.search(word.lower()) or NEEDED_WORD.fullmatch(word.lower()) for word in words)


def _year(house: str) -> bool:
    return len(house) == 4 and house[:2] in ("19", "20")


def find_eircode_addresses(text: str) -> Iterator[Span]:
    """An Eircode with the address parts beside it."""
    for code in _EIRCODE.finditer(text):
        before = _EIRCODE_PART_BEFORE.search(text, max(0, code.start() - 90), code.start())
        start = before.start() if before else code.start()
        # "the Eircode of the centre is ...", "Unit 4, Ballymount Industrial Estate, ...": an
        # institution's address is public
        if _institution_before(text, start) or _INSTITUTION_BEFORE.search(text, start, code.start()):
            continue
        after = _HOUSE_AFTER.match(text, code.end())
        yield Span(start, after.end() if after else code.end(), "address")
