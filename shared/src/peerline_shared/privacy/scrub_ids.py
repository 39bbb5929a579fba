"""Detectors for numbers that identify a person: payment cards, IBANs, tax and ID numbers.

Checksums (python-stdnum where it has the scheme) keep doses, counts and prices out; a number
right after a keyword such as "ІПН" or "паспорт" is taken without a checksum.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date

from stdnum import iban, luhn
from stdnum.de import idnr
from stdnum.ee import ik
from stdnum.lt import asmens
from stdnum.md import idno
from stdnum.pl import pesel
from stdnum.ro import cnp
from stdnum.ru import inn
from stdnum.ua import rntrc

from peerline_shared.privacy.scrub_regex import Anchored, AnyOf, digit_count, lowered
from peerline_shared.privacy.scrub_spans import Span
from peerline_shared.privacy.scrub_triggers import TriggerWords, trigger_words

_IBAN = re.compile(r"[A-Za-z](?<![\w][A-Za-z])[A-Za-z]\d{2}(?:[ ]?[A-Za-z0-9]){10,30}(?![\w])")
# Cheap necessary conditions, beginning with a character set (which `re` scans for quickly).
_IBAN_HEAD = re.compile(r"[A-Za-z][A-Za-z]\d\d")
# Right after a card's number: its expiry ("exp 08/27", "до 11/26") and security code.
_CARD_EXTRAS = re.compile(
    r"[ \t,;:()-]*(?:(?i:exp(?:iry|ires|\.)?|valid(?:[ \t]+(?:thru|till|until|to))?|до|термін(?:[ \t]+дії)?"
    r"|срок(?:[ \t]+действия)?|годна[ \t]+до|дійсна[ \t]+до|scad(?:enza|\.)?|ablauf|gültig[ \t]+bis"
    r"|cvv2?|cvc2?|cvv/cvc|код)[ \t:.]*)?"
    r"((?:0[1-9]|1[0-2])[ \t]?/[ \t]?(?:20)?\d{2}|(?<=[vVcCдД][ \t:])\d{3})(?![\w/])"
)
_THIRTEEN_DIGITS = re.compile(r"\d(?:[ \-]?\d){12}")
_CARD_SHAPE = re.compile(
    r"(?<![\w+])(?:\d{4}([ \-])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?|\d{16})(?![\w]|[ \-]\d)"
)
_CARD = re.compile(r"(?<![\w+])\d(?:[ \-]?\d){12,18}(?![\w])")
_DIGIT_RUN = Anchored(re.compile(r"\d(?<![\w+.,/-]\d)\d{7,13}(?![\w]|[.,/-]\d)"))
_DIGIT = re.compile(r"\d")
_SIX_DIGITS = re.compile(r"\d(?:[ \t-]?\d){5}")
_EIGHT_DIGITS = re.compile(r"\d(?:[ -]?\d){7}")
_UNZR = re.compile(r"((?:1(?<![\w-]1)9|2(?<![\w-]2)0)\d{2})(\d{2})(\d{2})-\d{5}(?![\w-])")
# Two letters and six digits, or a Latin letter and seven or eight. Both shapes begin with a
# capital, matched first so that `re` scans for it (a look-behind first tries every position).
_PASSPORT_SERIES = re.compile(
    r"[A-ZА-ЯІЇЄҐ](?<!\w.)"
    # The six digits also as printed or dictated in two groups ("FK 739 120").
    r"(?:[A-ZА-ЯІЇЄҐ][ \t]?(?:№[ \t]?)?\d{3}[ \t]?\d{3}(?![\w])|(?<=[A-Z])\d{7,8}(?![\w]))"
)

_KEYWORD_TAX = (
    r"ІПН|ИПН|ИНН|ІНН|РНОКПП|РНУКПН|ИИН|ІІН|БИН|УНП|PESEL|IDNP|NIP|СНИЛС|ЄДРПОУ"
    r"|tax\s+(?:id|number|code)|податков\w*\s+(?:номер|код)\w*|налогов\w*\s+(?:номер|код)\w*"
    r"|ідентифікаційн\w*\s+(?:номер|код)\w*|идентификационн\w*\s+(?:номер|код)\w*"
    r"|Steuer-?ID|Steuernummer|personal\s+(?:id\s+)?(?:number|code)"
)
_KEYWORD_PASSPORT = (
    r"(?:паспорт\w*|загранпаспорт\w*|passport|Reisepass|paszport)"
    r"(?:\s+(?:РФ|РБ|РК|України|Украины|громадянина|гражданина))?"
)
_KEYWORD_ID = (
    r"ID[- ]?карт\w*|ID[- ]?card|id-картк\w*|посвідчення|удостоверени\w+|УНЗР"
    r"|номер\s+документ\w*|document\s+(?:no|number)|посвідк\w*|вид\s+на\s+жительство"
)
_GAP = r"[\s:№#.,-]{0,4}(?:(?:№|N|No|номер|number|серія|серии|серия|series)[\s:№.]{0,3})?"
# The names of the region's and the diaspora countries' personal codes, and the documents that
# carry one; the code after them may hold letters ("PPS number is 7391846TA", "Georgian
# passport 13AB58021", "henkilötunnus 120391-347K").
_KEYWORD_PERSONAL_CODE = (
    r"PPSN?|henkilötunnu\w*|hetu|isikukood\w*|asmens[ \t]+kod\w*|personas[ \t]+kod\w*"
    r"|codice[ \t]+fiscale|DNI|NIE|NIF|NIN|BSN|burgerservicenummer|personnummer|CPR(?:-nummer)?"
    r"|fødselsnummer|personal[ \t]+(?:id|identity|code)|ЕГН|EGN|ЕДРПОУ|IDNP|PESEL|NIP"
    r"|Steuer-?ID|ID[- ]?(?:card|номер|number)|passport|паспорт\w*|paszport\w*|Reisepass|pass"
    r"|residence[ \t]+permit|посвідк\w*|вид[ \t]+на[ \t]+жительство|driving[ \t]+licen[cs]e"
    r"|посвідчення[ \t]+водія|водительск\w*[ \t]+(?:удостоверени\w*|прав\w*)"
    # Azerbaijan's FIN, New York's Medicaid CIN, residence cards of the host countries.
    r"|(?-i:FIN|CIN)|Medicaid(?:[ \t]+(?:CIN|ID|number|no\.?))?|Aufenthaltstitel\w*|titre[ \t]+de[ \t]+séjour"
    r"|karta[ \t]+pobytu|povolení[ \t]+k[ \t]+pobytu|permis[ \t]+de[ \t]+ședere"
)
# "паспорт грузинский 14ID38217", "Georgian passport 13AB58021": the issuing country's adjective
# between the document and its code.
_COUNTRY_ADJECTIVE = r"(?:[ \t]+[a-zа-яіїєґё]{3,16}(?:ий|ый|ій|ой|ая|ан|ian|ish|ese|ch))?"
# The code in capitals and digits, as printed.
_PRINTED_CODE = r"([A-ZА-ЯІЇЄҐ0-9](?:[A-ZА-ЯІЇЄҐ0-9]|[ \-/](?=[A-ZА-ЯІЇЄҐ0-9])){5,19})(?![\w])"
_CODE_AFTER_PERSONAL_KEYWORD = Anchored(
    re.compile(
        rf"(?<!\w)(?i:{_KEYWORD_PERSONAL_CODE}){_COUNTRY_ADJECTIVE}(?i:{_GAP})(?:(?i:is|це|это|—|–)[ \t]+)?"
        + _PRINTED_CODE
    )
)
# Health-insurance cards and vehicle registration documents, the code after their name
# ("RAMQ card TREG 8251 1514", "техпаспорт СХК 418823"): a pattern of its own behind its own
# hint, so the personal codes' pattern, which runs on most texts, stays as short as it was.
_KEYWORD_CARD_OR_VEHICLE = (
    r"(?:RAMQ|OHIP|MSP|NHS|Medicare|carte[ \t]+vitale|tessera[ \t]+sanitaria|health[ \t]+card"
    r"|insurance[ \t]+card|техпаспорт\w*|техталон\w*|СРТЗ|свідоцтв\w*[ \t]+про[ \t]+реєстрацію\w*"
    r"|свидетельств\w*[ \t]+о[ \t]+регистрации\w*|vehicle[ \t]+registration|registration[ \t]+(?:document"
    r"|certificate)"
    r"|V5C|logbook|Fahrzeugschein|Zulassungsbescheinigung|dowód[ \t]+rejestracyjny"
    r"|certificat[ \t]+de[ \t]+înmatriculare)"
    r"(?:[ \t]+(?:card|карт\w*|number|no\.?|номер))?"
)
_CODE_AFTER_CARD_KEYWORD = Anchored(
    re.compile(
        rf"(?<!\w)(?i:{_KEYWORD_CARD_OR_VEHICLE})(?i:{_GAP})(?:(?i:is|це|это|—|–)[ \t]+)?{_PRINTED_CODE}"
    )
)
_CARD_KEYWORD_HINT = trigger_words(
    (
        "ramq", "ohip", "msp", "nhs", "medicare", "carte vitale", "tessera", "health card",
        "insurance card", "техпасп", "техталон", "сртз", "свідоцтв", "свидетельств", "vehicle",
        "registration", "v5c", "logbook", "fahrzeug", "zulassung", "dowód", "certificat"
    )
)  # fmt: skip
_PERSONAL_CODE_HINT = trigger_words(
    (
        "pps", "henkilö", "hetu", "isikukood", "asmens", "personas", "codice", "dni", "nie", "nif",
        "nin", "bsn", "burgerservice", "personnummer", "cpr", "fødsels", "personal", "егн", "egn",
        "едрпоу", "idnp", "pesel", "nip", "steuer", "id", "pass", "паспорт", "paszport",
        "reisepass", "residence", "посвідк", "жительств", "licen", "водія", "водительск"
    )
)  # fmt: skip
_RESIDENCE_NAMES = ("FIN", "CIN", "Medicaid", "Aufenthalt", "séjour", "pobytu", "povolení", "ședere")
# Personal codes by their national shape, letters included: Finnish (120391-347K), Irish PPS
# (7391846TA), Italian codice fiscale, Spanish DNI and NIE, Swedish and Danish (6+4 digits),
# Latvian (6+5 digits).
# Each of those shapes has a capital letter next to a digit, or six digits and a "-" or "+".
_PERSONAL_CODE_GUARD = AnyOf(re.compile(r"[A-Z]\d"), re.compile(r"\d(?:[A-Z]|\d{5}[-+])"))
_PERSONAL_CODE_SHAPE = re.compile(
    r"(?<![\w-])(?:\d{6}[-+A]\d{3}[0-9A-Y]|\d{7}[A-W][A-IW]?|[A-Z]{6}\d{2}[A-EHLMPRST]\d{2}[A-Z]\d{3}[A-Z]"
    r"|\d{8}[A-HJ-NP-TV-Z]|[XYZ]\d{7}[A-HJ-NP-TV-Z]|\d{6}[-+]\d{4}|\d{6}-\d{5})(?![\w-])"
)
_TAX_AFTER_KEYWORD = Anchored(
    re.compile(rf"(?<!\w)(?:{_KEYWORD_TAX}){_GAP}(\d(?:[ -]?\d){{7,13}})(?![\w])", re.IGNORECASE)
)
_PASSPORT_AFTER_KEYWORD = Anchored(
    re.compile(
        rf"(?<!\w)(?:{_KEYWORD_PASSPORT}){_GAP}"
        r"((?:[A-ZА-ЯІЇЄҐ]{1,2}[ \t]?)?\d{6,9}|\d{2}[ \t]?\d{2}[ \t]?\d{6})(?![\w])",
        re.IGNORECASE,
    )
)
_ID_AFTER_KEYWORD = Anchored(
    re.compile(
        rf"(?<!\w)(?:{_KEYWORD_ID}){_GAP}((?:[A-ZА-ЯІЇЄҐ]{{1,2}}[ \t]?)?\d{{6,14}})(?![\w])",
        re.IGNORECASE,
    )
)
# Every keyword of the two case-insensitive patterns above begins with one of these: where the
# lower-cased text holds none, the pattern (which tries every position) need not run.
_TAX_KEYWORD_HINT = trigger_words(
    (
        "іпн", "ипн", "инн", "інн", "рнокпп", "рнукпн", "иин", "іін", "бин", "унп", "pesel", "idnp",
        "nip", "снилс", "єдрпоу", "tax", "податков", "налогов", "ідентифікаційн", "идентификационн",
        "steuer", "personal"
    )
)  # fmt: skip
_PASSPORT_KEYWORD_HINT = trigger_words(("паспорт", "passport", "reisepass", "paszport"))

_CHECKSUMS: dict[int, tuple[Callable[[str], bool], ...]] = {
    10: (rntrc.is_valid, inn.is_valid),
    11: (pesel.is_valid, idnr.is_valid, ik.is_valid, asmens.is_valid),
    12: (inn.is_valid, lambda n: _kz_iin_is_valid(n)),
    13: (idno.is_valid, cnp.is_valid),
}


def find_ibans(text: str) -> Iterator[Span]:
    if digit_count(text) < 2 or not _IBAN_HEAD.search(text):
        return
    for match in _IBAN.finditer(text):
        candidate = match.group()
        # The pattern may run on into the next word ("UA14... ABC"): shorten until valid.
        for end in range(len(candidate), 14, -1):
            if candidate[end - 1] == " ":
                continue
            if iban.is_valid(candidate[:end]):
                yield Span(match.start(), match.start() + end, "iban")
                break
            if _is_mistyped_iban(candidate[:end]):
                # A mistyped account may also carry a digit group too many: take the digits on.
                tail = candidate[end:]
                if not tail.replace(" ", "").isdigit():
                    tail = ""
                yield Span(match.start(), match.start() + end + len(tail.rstrip()), "iban")
                break


def _is_mistyped_iban(candidate: str) -> bool:
    """An IBAN whose only fault is its check digits: the country's own length and layout with a
    mistyped digit still identifies an account (as for the personal codes, a typo must not let
    one through)."""
    number = iban.compact(candidate)
    try:
        repaired = number[:2] + iban.calc_check_digits(number) + number[4:]
    except ValueError:
        return False
    return iban.is_valid(repaired, check_country=False)


def find_cards(text: str) -> Iterator[Span]:
    if digit_count(text) < 13 or not _THIRTEEN_DIGITS.search(text):
        return
    ends: list[int] = []
    for match in _CARD.finditer(text):
        candidate = match.group()
        digits = "".join(ch for ch in candidate if ch.isdigit())
        if 13 <= len(digits) <= 19 and len(set(digits)) > 1 and luhn.is_valid(digits):
            yield Span(match.start(), match.end(), "card")
            ends.append(match.end())
    # Written as a card is printed (four groups of four), or sixteen digits in a row, it is
    # some account's number even when the check digit fails (a typo must not let it through);
    # "document", the weakest kind, lets any more specific reading win.
    for match in _CARD_SHAPE.finditer(text):
        if len(set(match.group())) > 2:
            yield Span(match.start(), match.end(), "document")
            ends.append(match.end())
    # The expiry date and the security code printed beside the number: "exp 08/27", "cvv 123".
    for end in ends:
        for _ in range(2):
            extra = _CARD_EXTRAS.match(text, end)
            if extra is None:
                break
            yield Span(extra.start(1), extra.end(1), "card")
            end = extra.end()


def find_tax_ids(text: str) -> Iterator[Span]:
    if digit_count(text) < 8 or not _EIGHT_DIGITS.search(text):  # every tax number has eight digits or more
        return
    for match in _DIGIT_RUN.finditer(text):
        number = match.group()
        # An РНОКПП counts days from 1900, so a leading 0 (born before 1927) is a phone.
        if len(number) == 10 and number[0] == "0":
            continue
        if any(check(number) for check in _CHECKSUMS.get(len(number), ())):
            yield Span(match.start(), match.end(), "tax_id")
    for match in _TAX_AFTER_KEYWORD.finditer(text) if _may_hold(text, _TAX_KEYWORD_HINT) else ():
        yield Span(match.start(1), match.end(1), "tax_id")


def find_documents(text: str) -> Iterator[Span]:
    # Every document number here has six digits or more.
    if digit_count(text) < 6 or not _SIX_DIGITS.search(text):
        return
    for match in _UNZR.finditer(text):
        if _is_date(int(match.group(1)), int(match.group(2)), int(match.group(3))):
            yield Span(match.start(), match.end(), "id_number")
    for match in _PASSPORT_SERIES.finditer(text):
        yield Span(match.start(), match.end(), "passport")
    for match in _PASSPORT_AFTER_KEYWORD.finditer(text) if _may_hold(text, _PASSPORT_KEYWORD_HINT) else ():
        yield Span(match.start(1), match.end(1), "passport")
    for match in _ID_AFTER_KEYWORD.finditer(text):
        yield Span(match.start(1), match.end(1), "id_number")


def _may_hold(text: str, lower_case_hint: TriggerWords) -> bool:
    """False only when a case-insensitive keyword pattern cannot match `text`: the hint is not
    in the lower-cased text, and no letter there is one case folding equates with another."""
    lower, folded = lowered(text)
    return folded or bool(lower_case_hint.search(lower))


def find_personal_codes(text: str) -> Iterator[Span]:
    """Personal codes that hold letters: by their national shape, or after their name."""
    if digit_count(text) < 3:  # each has three digits or more (an Azeri FIN)
        return
    if _PERSONAL_CODE_GUARD.search(text):
        for match in _PERSONAL_CODE_SHAPE.finditer(text):
            yield Span(match.start(), match.end(), "id_number")
    # The twelfth round's names as substrings (cheaper than a longer hint pattern), then the
    # hint in the text lower-cased once per pass.
    lower = lowered(text)[0]
    if any(name in text for name in _RESIDENCE_NAMES) or _PERSONAL_CODE_HINT.search(lower):
        for match in _CODE_AFTER_PERSONAL_KEYWORD.finditer(text):
            if _code_like(match.group(1)):  # the weakest kind: specific rules win
                yield Span(match.start(1), match.end(1), "document")
    if _CARD_KEYWORD_HINT.search(lower):
        for match in _CODE_AFTER_CARD_KEYWORD.finditer(text):
            if len(_DIGIT.findall(match.group(1))) >= 4:
                yield Span(match.start(1), match.end(1), "document")


def _code_like(code: str) -> bool:
    """Four digits, or three among letters ("6QK2R7M", an Azeri FIN)."""
    digits = len(_DIGIT.findall(code))
    return digits >= 4 or (digits == 3 and any(ch.isalpha() for ch in code))


def _is_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _kz_iin_is_valid(number: str) -> bool:
    """Kazakh ИИН: YYMMDD, century/sex digit, serial, mod-11 check digit with a second pass."""
    if len(number) != 12 or not number.isdigit() or number[6] not in "0123456":
        return False
    if not _is_date(2000 + int(number[0:2]), int(number[2:4]), int(number[4:6])):
        return False
    digits = [int(ch) for ch in number]
    check = sum(d * w for d, w in zip(digits[:11], range(1, 12), strict=True)) % 11
    if check == 10:
        weights = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
        check = sum(d * w for d, w in zip(digits[:11], weights, strict=True)) % 11
    return check == digits[11]
