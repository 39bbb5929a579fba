"""Identifiers of the host countries found after their name, and case references (thirteenth round).

- a number after the name of an id, in any grouping the writer chose ("CNP 1850312 440 027",
  "BSN 2039.48.117", "UID 184 27 719", "закордонний FE 4 7 1 2 0 9"), with up to two lower-case
  words between ("CNP сестри …", "ARC у меня …"): Romania's and Moldova's CNP, the Netherlands'
  BSN, Belgium's national register number, Austria's and Germany's social-insurance numbers,
  a job centre's customer number, Cyprus's ARC, Switzerland's UID, a residence card, a bank
  account ("acct 1284 7730"), "ID" before a code of capitals and digits, a passport for travel;
- the series and number of a Romanian or Moldovan identity card ("seria MZ nr 481327");
- a case or file reference after its word ("Az. 7 K 3381/23", "Aktenzeichen: 51.2-UKR-0448/23",
  "file number is PR 2 Ds 1482.2024", "справа 071 Hv 48/24k"), and the German and Austrian
  court's shape anywhere ("3 L 1127/24.KO": chamber, register letters, number/year). The
  labelled files treat a client's case number as personal data (docs/privacy.md); a law's
  number ("Legea 143/2000", "§ 24 AufenthG") has no chamber before it and no case word.

Each rule runs behind a hint searched once in the lower-cased text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from peerline_shared.privacy.scrub_regex import Anchored, digit_count, lowered
from peerline_shared.privacy.scrub_spans import Span
from peerline_shared.privacy.scrub_triggers import TriggerWords, trigger_words

_ID_NAMES = (
    r"CNP|BSN|burgerservicenummer|sofi-?nummer|rijksregisternummer|rijksregister|INSZ|NISS"
    r"|num[ée]ro[ \t]+national|SV-?Nummer|SVNR|Sozialversicherungsnummer|Versicherungsnummer"
    r"|Kundennummer|Kunden-?Nr\.?|ARC(?:-номер\w*|[ \t]+number)?|UID|ФИН|FIN"
    r"|residence[ \t]+card|acct\.?|account(?:[ \t]+(?:no\.?|number))?|Konto(?:nummer)?"
    r"|закордонн\w*|(?-i:ID)"
)
# Up to two lower-case words between the name and the number ("сестри", "у меня", "van"), and
# the office that issued it ("Kundennummer Jobcenter …").
_BETWEEN = r"(?:[ \t]+[a-zа-яіїєґёăâîșşțţ]{1,10}){0,2}(?:[ \t]+[A-ZÄÖÜ][a-zäöüß-]{2,20})?"
_CODE = r"([A-ZА-ЯІЇЄҐ0-9](?:[A-ZА-ЯІЇЄҐ0-9]|[ ./-](?=[A-ZА-ЯІЇЄҐ0-9])){5,19})(?![\w])"
_CODE_AFTER_ID_NAME = re.compile(
    rf"(?<![\w-])(?i:{_ID_NAMES})(?![\w]){_BETWEEN}[ \t]*[:#№-]?[ \t]*"
    rf"(?:(?i:is|este|e|ist|це|это|—|–)[ \t]+)?{_CODE}"
)
_ID_NAME_HINT = trigger_words(
    ("cnp", "bsn", "burgerservice", "sofi", "rijksregister", "insz", "niss", "numéro",
     "numero", "sv", "sozialversicherung", "versicherungsnummer", "kunden", "arc", "uid", "фин",
     "fin", "residence", "acct", "account", "konto", "закордонн", "id"),
    at_word_start=True,
)  # fmt: skip
_ID_NAME_AT = re.compile(_ID_NAME_HINT.pattern)  # where each cue word begins
_IDENTITY_CARD_SERIES = re.compile(
    r"(?<![\w])(?i:seria)[ \t]+([A-Z]{2}[ \t]*(?:(?i:nr\.?|№|numărul)[ \t]*)?\d{6,7})(?![\w])"
)
# A case reference: an optional office's capitals and chamber, register letters, then a number
# joined to its year and suffixes by "/", "." or "-".
_REFERENCE = (
    r"((?:[A-Z]{1,3}[ \t]+)?(?:\d{1,3}[ \t]+)?(?:[A-Z][A-Za-z]{0,3}[ \t]+)?\d\w*(?:[./-]+\w+)+)(?![\w])"
)
_CASE_WORDS = (
    r"Az\.|Aktenzeichen|Akt\.?[ \t]*Z\.|Geschäftszeichen|GZ|Gz\.|Zl\.|file[ \t]+(?:no\.?|number|ref\w*)"
    r"|case[ \t]+(?:no\.?|number|ref\w*)|reference(?:[ \t]+(?:no\.?|number))?|sygn\.|sygnatura(?:[ \t]+akt)?"
    r"|zaaknummer|dossiernummer|număr(?:ul)?[ \t]+(?:de[ \t]+)?dosar|dosar(?:ul)?[ \t]+(?:nr\.?)?"
    r"|справ[аіиу]|дел[оау]|деле"
)
# The case word, then up to one capitalised word and a colon (the office: "Ausländerbehörde:"),
# or a copula ("is", "ist", "este").
_REFERENCE_AFTER_CASE_WORD = re.compile(
    rf"(?<![\w])(?i:{_CASE_WORDS})(?:[ \t]+[A-ZÄÖÜ][\w-]{{1,30}}:)?[ \t]*[:#№]?[ \t]*"
    rf"(?:(?i:is|ist|este|nr\.?|no\.?|№)[ \t]+)?{_REFERENCE}"
)
_CASE_WORD_HINT = trigger_words(
    ("az.", "aktenzeichen", "akt", "geschäftszeichen", "gz", "zl.", "file", "case", "reference",
      "sygn", "zaaknummer", "dossiernummer", "număr", "dosar", "справ", "дел"),
    at_word_start=True,
)  # fmt: skip
_CASE_WORD_AT = re.compile(_CASE_WORD_HINT.pattern)
# German and Austrian court signatures: chamber, one to three register letters, number/year and
# an optional court suffix ("7 K 3381/23", "3 L 1127/24.KO", "071 Hv 48/24k").
_COURT_SIGNATURE = Anchored(
    re.compile(
        r"\d(?<![\w./-]\d)\d{0,2}[ \t]+[A-Z][A-Za-z]{0,2}[ \t]+\d{1,6}/\d{2}(?:\.[A-Z]{1,3}|[a-z])?(?![\w/])"
    )
)
_COURT_SIGNATURE_HINT = re.compile(r"[0-9][ \t][A-Z][A-Za-z]{0,2}[ \t][0-9]")


def find_host_ids(text: str) -> Iterator[Span]:
    if digit_count(text) < 3:  # every identifier here holds three digits or more
        return
    lower = lowered(text)[0]
    for match in _at_hints(text, lower, _ID_NAME_HINT, _ID_NAME_AT, _CODE_AFTER_ID_NAME):
        if _identifier_like(match.group(1)):
            yield Span(match.start(1), match.end(1), _kind(match.group()))
    if "seria" in lower:
        for match in _IDENTITY_CARD_SERIES.finditer(text):
            yield Span(match.start(1), match.end(1), "id_number")
    for match in _at_hints(text, lower, _CASE_WORD_HINT, _CASE_WORD_AT, _REFERENCE_AFTER_CASE_WORD):
        if _digits(match.group(1)) >= 4:
            yield Span(match.start(1), match.end(1), "document")
    if _COURT_SIGNATURE_HINT.search(text):
        for match in _COURT_SIGNATURE.finditer(text):
            yield Span(match.start(), match.end(), "document")


def _at_hints(
    text: str, lower: str, hint: TriggerWords, cues: re.Pattern[str], pattern: re.Pattern[str]
) -> Iterator[re.Match[str]]:
    """`pattern`'s matches that begin where a cue word begins in the lower-cased text (the
    same length as `text`), looked for only when the one scan (`scrub_triggers`) found one:
    the pattern is tried at a few places, not at every letter."""
    if not hint.search(lower):
        return
    end = 0
    for cue in cues.finditer(lower):
        if cue.start() >= end and (match := pattern.match(text, cue.start())) is not None:
            end = match.end()
            yield match


def _kind(found: str) -> str:
    """A passport for travel keeps its kind ("закордонний FE 4 7 1 2 0 9"); after a bare "ID"
    the weakest, so a document word before it decides ("паспорт ID 1234567")."""
    if found.startswith("ID"):
        return "document"
    return "passport" if found.lower().startswith("закордон") else "id_number"


def _digits(code: str) -> int:
    return sum(ch.isdigit() for ch in code)


def _identifier_like(code: str) -> bool:
    """Six digits or more, or four among letters ("5ZK8H3D" has three: an Azeri FIN)."""
    digits = _digits(code)
    return digits >= 6 or (digits >= 3 and any(ch.isalpha() for ch in code))
