"""Car plates: by the shapes the region's countries issue, after a plate's name, in the plural
after "номера"/"plates", and near a word about a car.

A Ukrainian plate is two letters, four digits, two letters ("AA 1234 BB"); a plate of another
country of the region or the host countries by its own shape; any plate-shaped code in
capitals and digits in a sentence about a car. Moved out of `scrub_records` as it was.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from peerline_shared.privacy.scrub_regex import Anchored, AnyOf, digit_count, lowered
from peerline_shared.privacy.scrub_spans import Span
from peerline_shared.privacy.scrub_triggers import trigger_words

_PLATE_LETTERS = "АВЕІКМНОРСТХABEIKMHOPCTX"
# Each look-behind follows the first character (see scrub_regex.WORD_START): tried at every
# position, a look-behind costs more than a character set that fails.
_PLATES = re.compile(
    # Ukraine: AA 1234 BB (Cyrillic letters that look Latin, either script), the digits also
    # dictated one by one ("ВН 9 1 3 7 ІА").
    rf"[{_PLATE_LETTERS}](?<!\w.)[{_PLATE_LETTERS}][ \t-]?\d(?:[ \t]?\d){{3}}[ \t-]?"
    rf"[{_PLATE_LETTERS}]{{2}}(?![\w])"
    # Romania: the county's letters, two or three digits, three letters ("CJ 12 XYZ", "B 123 ABC").
    r"|[ABCDGHIMNOPSTV](?<!\w.)(?:(?<=B)|(?<=A)[BGR]|(?<=B)[CHNTVRZ]|(?<=C)[SLJTV]|(?<=D)[BJ]|(?<=G)[LRJ]"
    r"|(?<=H)[RD]|(?<=I)[LSF]|(?<=M)[MHS]|(?<=N)T|(?<=O)T|(?<=P)H|(?<=S)[MJBV]|(?<=T)[RML]|(?<=V)[SLN])"
    r"[ \t-]\d{2,3}[ \t-](?!EUR|USD|RON|MDL|GBP|CHF)[A-Z]{3}(?![\w])"
    # Russia: A 123 BC 77(7), in Latin letters also as transliterated ("V 512 OT 178").
    rf"|[{_PLATE_LETTERS}УYV](?<!\w.)[ \t]?\d{{3}}[ \t]?[{_PLATE_LETTERS}УYV]{{2}}[ \t]?\d{{2,3}}(?![\w])"
    # Uzbekistan: the region's two digits, a letter, three digits, two letters ("01 K 473 RA");
    # Armenia and Azerbaijan: two digits, two letters, three digits ("35 OL 417", "10-AB-123"),
    # not a dose or a time in capitals ("10 MG 500").
    r"|\d(?<!\w.)\d(?:[ \t]?[A-Z][ \t]?\d{3}[ \t]?[A-Z]{2}"
    r"|[ \t-](?!MG|ML|KG|PM|AM|MB|GB|KB|UA|EU|US|HZ|CM|MM|KM)[A-Z]{2}[ \t-]\d{3})(?![\w])"
    # Georgia spaced ("GE 123 AB"), and the British prison number's shape ("A7742CT").
    r"|[A-Z](?<![\w-].)[A-Z][ \t]\d{3}[ \t][A-Z]{2}(?![\w-])|[A-Z](?<!\w.)\d{4}[A-Z]{2}(?![\w])"
    # Kazakhstan 123 ABC 02, Belarus 1234 AB-7.
    r"|\d(?<!\w.)\d{2}[ \t]?[A-Z]{2,3}[ \t]?\d{2}(?![\w])|\d(?<!\w.)\d{3}[ \t]?[A-Z]{2}-\d(?![\w])"
    # The UK (LK19 XRT), Germany (M-RK 4827, B-AB 123E), France, Italy and Georgia (AB-123-CD).
    r"|[A-Z](?<!\w.)[A-Z]\d{2}[ \t]?[A-Z]{3}(?![\w])"
    r"|[A-ZÄÖÜ](?<![\w-].)[A-ZÄÖÜ]{0,2}-[A-Z]{1,2}[ \t]\d{1,4}[EH]?(?![\w])"
    r"|[A-Z](?<![\w-].)[A-Z]-\d{3}-[A-Z]{2}(?![\w-])"
    # Czechia (7B2 4410, 2AB 4567): the region's digit, a letter, a letter or digit, four digits.
    r"|\d(?<!\w.)[A-Z][A-Z0-9][ \t]?\d{4}(?![\w])"
    # Poland (WPR 53KL, WE 712KP, KR 4K123): the voivodeship's letters, then digits and
    # letters mixed in one group that opens with a digit.
    r"|[BCDEFGKLNOPRSTWZ](?<!\w.)[A-Z]{1,2}[ \t]\d(?=[0-9]*[A-Z])[0-9A-Z]{3,4}(?![\w])"
)
# Every shape above has a capital letter next to a digit (a space or hyphen between at most).
_PLATE_GUARD = AnyOf(re.compile(r"[A-ZА-ЯІЇЄҐÄÖÜ][ \t-]?\d"), re.compile(r"\d[ \t]?[A-ZА-ЯІЇЄҐ]"))
# In a sentence about a car: letters and digits as on a plate of any country of the region
# ("Моє авто зареєстроване в Польщі — WX 4817K", "car from Lithuania, ABC 123").
_VEHICLE_WORD = re.compile(
    r"(?i)(?<![\w])(?:авто\w*|автомобил\w*|автомобіл\w*|машин\w*|тачк\w*|car|vehicle|van|truck"
    r"|номерн\w*|зареєстрован\w*|зарегистрирован\w*|registered|auto|samoch\w*|fahrzeug\w*|vozidl\w*"
    # ...transliterated: Russian and Uzbek "mashina", Turkish "araba", Georgian, Armenian
    r"|mashin\w*|moshin\w*|avtomobil\w*|araba\w*|manqan\w*|meqen\w*)(?!\w)"
)
_VEHICLE_HINT = trigger_words(
    ("авто", "машин", "тачк", "car", "vehicle", "van", "truck", "номерн", "зареєстрован",
     "зарегистрирован", "registered", "auto", "samoch", "fahrzeug", "vozidl", "mashin", "moshin",
     "avtomobil", "araba", "manqan", "meqen"),
    at_word_start=True,
)  # fmt: skip
_VEHICLE_HINT_ANY_CASE = re.compile(_VEHICLE_HINT.pattern, re.IGNORECASE)
_NUMBER_CUE_BEFORE = re.compile(r"(?i:номер\w*|number|nr\.?|№|plate\w*|plaka\w*)[ \t:—–-]{0,3}$")
_WORD_AND_NUMBER = re.compile(r"[^\W\d_]+[ -]\d+|\d+")
_PLATE_SHAPE = re.compile(
    r"(?<![\w-])(?=[A-ZА-ЯІЇЄҐ0-9 -]*\d)(?=(?:[0-9 -]*[A-ZА-ЯІЇЄҐ]){2})"
    r"[A-ZА-ЯІЇЄҐ0-9]{1,4}(?:[ -][A-ZА-ЯІЇЄҐ0-9]{1,6}){0,2}(?![\w-])"
)  # a group of up to six after the district's letters: Austria's "W-41822X"
_PLATE_WORD = Anchored(
    re.compile(
        r"(?<![\w])(?i:номер\w*[ \t]+(?:машин\w*|авто\w*)|номерн\w+ знак\w*|держномер\w*|госномер\w*"
        r"|гос\.?[ \t]?номер\w*|plate\w*|registration|reg\.?[ \t]?(?:no|number)|kennzeichen"
        r"|rejestracj\w*|tablic\w*|SPZ|ŠPZ|EČV|RZ|plaka\w*|numurzīm\w*|valstybin\w*[ \t]+numer\w*"
        r"|registreerimismärk\w*|înmatricul\w*|inmatricul\w*|rendszám\w*|regnummer|registreringsnummer)"
        # "ŠPZ auta je BA-482EK", "plate is KE 193 BT": up to two lower-case words, then the plate
        # in capitals (the lower-case words after it are the sentence's).
        r"(?:[ \t]+[a-zа-яіїєґёščžýáíé]{1,10}){0,2}[ \t:№#-]{0,4}"
        r"([A-ZА-ЯІЇЄҐ0-9]{1,4}(?:[ \t-][A-ZА-ЯІЇЄҐ0-9]{1,5}){0,3})(?![\w])"
    )
)

_PLATE_HINT = trigger_words(
    (
        "номер", "знак", "держномер", "госномер", "гос", "plate", "registration", "reg",
        "kennzeichen", "rejestr", "tablic", "spz", "rz"
    )
)  # fmt: skip
# The twelfth round's plate names, looked for as substrings (cheaper than a longer hint).
_MORE_PLATE_NAMES = (
    "ŠPZ", "EČV", "plaka", "Plaka", "numurzīm", "valstybin", "registreerimis", "nmatricul", "rendszám",
    "regnummer", "registrerings",
)  # fmt: skip


def find_plates(text: str) -> Iterator[Span]:
    if not digit_count(text):
        return
    if _PLATE_GUARD.search(text):
        for match in _PLATES.finditer(text):
            yield Span(match.start(), match.end(), "plate")
    yield from _plates_near_vehicle(text)
    if not (_PLATE_HINT.search(lowered(text)[0]) or any(name in text for name in _MORE_PLATE_NAMES)):
        return
    yield from _plates_after_plural(text)
    for match in _PLATE_WORD.finditer(text):
        code = match.group(1)
        digits = sum(ch.isdigit() for ch in code)
        # A plate mixes letters and digits; "registration of car 12" holds a count.
        if digits and (digits >= 4 or any(ch.isalpha() for ch in code)):
            yield Span(match.start(1), match.end(1), "plate")


# "номера KVA 723", "на польських номерах WPR 53KL", "литовські номери JKL 418": numbers in
# the plural are a car's plates.
_PLATES_PLURAL = Anchored(
    re.compile(
        r"(?i:(?<![\w])(?:номера|номери|номерах|номерами|номерів|номеров|blachach|tablicach|plates))"
        r"[ \t:—–-]{1,3}(?=[A-ZА-ЯІЇЄҐ0-9 -]*[A-ZА-ЯІЇЄҐ])"
    )
)


def _plates_after_plural(text: str) -> Iterator[Span]:
    for cue in _PLATES_PLURAL.finditer(text):
        match = _PLATE_SHAPE.match(text, cue.end())
        if match and sum(ch.isdigit() for ch in match.group()) >= 2:
            yield Span(match.start(), match.end(), "plate")


def _plates_near_vehicle(text: str) -> Iterator[Span]:
    """A plate-shaped code (two letters and three digits or more, in capitals) in the same
    sentence as a word about a car, up to 120 characters after it."""
    lower, folded = lowered(text)
    if not (_VEHICLE_HINT_ANY_CASE.search(text) if folded else _VEHICLE_HINT.search(lower)):
        return
    for vehicle in _VEHICLE_WORD.finditer(text):
        window_end = vehicle.end() + 120
        for stop in ".!?\n":
            found = text.find(stop, vehicle.end(), window_end)
            if found != -1:
                window_end = found
        for match in _PLATE_SHAPE.finditer(text, vehicle.end(), window_end):
            code = match.group()
            # "ЗПТ 2024", "HIV 300": a word and a number are not a plate; a plate mixes them
            # in one group, or has letters after its digits ("WX 4817K", "AA 1234 BB").
            # Right after "номер"/"number", a word and a number are one ("номер KTR 719").
            numbered = _NUMBER_CUE_BEFORE.search(text, max(0, match.start() - 12), match.start())
            if sum(ch.isdigit() for ch in code) >= 3 and (numbered or not _WORD_AND_NUMBER.fullmatch(code)):
                yield Span(match.start(), match.end(), "plate")
