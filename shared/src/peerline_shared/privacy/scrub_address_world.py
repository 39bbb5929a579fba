"""Street addresses in the postal conventions `scrub_address` does not read, by family:

- Greek, in Greek letters: "Εγνατία 142, 54622 Θεσσαλονίκη", "Λεωφόρος Κηφισίας 215";
- Nordic, the street type joined to the name, a staircase letter and a flat after the house:
  "Mannerheimintie 118 A 23", "Drottninggatan 45 lgh 1203", "Vesterbrogade 112, 2. th";
- Central Asian and Caucasian street types after the name, with their flats: "Навои кочаси
  12-уй, 34-хонадон", "Абай көшесі 150, 12 пәтер", "Nizami küçəsi 45, mənzil 12";
- Israeli, the street type first in any case: "rehov Herzl 45 dira 12", "рехов Жаботински 17";
- post-Soviet blocks: numbered parts with their words, one of them a house or a flat, after a
  named block or micro-district: "Тополь-3, дом 24, подъезд 2, кв 71", "5-мавзе, 12-уй";
- a street of lower-case words ("героев труда 27, подъезд 3"), with a house and an entrance
  or a flat: without them the same words are a place to meet, not a home.

Each family runs only in a window around its cue word, found by scrub_address's hint scans.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from peerline_shared.privacy.scrub_numbers import normalise_numbers
from peerline_shared.privacy.scrub_spans import Span
from peerline_shared.privacy.scrub_street_words import street_kinds

_GREEK_UPPER = "Α-ΩΆΈΉΊΌΎΏ"
_GREEK_WORD = rf"[{_GREEK_UPPER}][α-ωά-ώΑ-Ωϊϋΐΰ]{{1,30}}\.?"
_GREEK = re.compile(
    rf"(?<![\w]){_GREEK_WORD}(?:[ \t]+{_GREEK_WORD}){{0,3}},?[ \t]+\d{{1,4}}[Α-Ωα-ω]?(?![\w])"
    rf"(?:,?[ \t]*\d{{3}}[ \t]?\d{{2}}(?:[ \t]+{_GREEK_WORD})?(?![\w]))?"
)
# Finnish, Swedish, Norwegian and Danish street types are suffixes of a capitalised word.
_NORDIC_SUFFIXES = (
    "tie", "katu", "kuja", "polku", "väylä", "kaari", "rinne", "gatan", "vägen", "gränd", "gata",
    "gate", "gaten", "veien", "vegen", "vei", "vej", "gade", "plads", "stræde", "allé", "torget",
    "brygge", "torv",
)  # fmt: skip
_NORDIC = re.compile(
    r"(?<![\w])[A-ZÅÄÖÆØ][\w-]{1,30}(?:" + "|".join(_NORDIC_SUFFIXES) + r"|[ \t]+(?:Brygge|Allé|Plads|Torv))"
    r"[ \t]+\d{1,4}"
    # staircase letter and flat ("118 A 23"), the Swedish flat ("lgh 1203"), the Danish floor
    # and side ("2. th", "st. tv")
    r"(?:[ \t]?[A-Z](?![\w])(?:[ \t]*\d{1,3}(?![\w]))?)?"
    r"(?:,?[ \t]*(?i:lgh\.?|lägenhet)[ \t]*\d{3,4}|,[ \t]*(?:\d{1,2}\.?|st\.)[ \t]*(?i:th|tv|mf|sal)\.?)?"
    r"(?:,?[ \t]*\d{3}[ \t]?\d{2}|,?[ \t]*\d{4})?(?:[ \t]+[A-ZÅÄÖÆØ][\w-]{1,30})?(?![\w])"
)
_HOUSE_WORD = r"(?:дом|д\.|уй|үй|uy|үйі)"
_FLAT_WORDS = r"хонадон|xonadon|пәтер|пəтер|mənzil|mən\.|квартира|кв\.?|kv\.?|apt\.?|ap\.|dira|дира|daire"
_CENTRAL_ASIAN = re.compile(
    r"(?<![\w])[A-ZА-ЯЁІЇЄҐӘҒҚҢӨҰҮҺÇƏĞİÖŞÜ][\w'’ʻ‘-]{1,30}(?:[ \t]+[A-ZА-ЯЁӘҒҚҢӨҰҮҺ][\w'’ʻ‘-]{1,30})?[ \t]+"
    r"(?i:кочаси|кўчаси|кучаси|ko['’ʻ‘]?chasi|kochasi|көшесі|көшесi|көчөсү|küçəsi|küç\.|prospekti"
    r"|даңғылы|шоҳкўчаси|poghots|avenue|ave|street|str\.|st\.)"
    rf",?[ \t]*(?:{_HOUSE_WORD}[ \t]*)?\d{{1,4}}(?:[ \t]*-?[ \t]*{_HOUSE_WORD}(?![\w]))?"
    rf"(?:,?[ \t]*(?:\d{{1,4}}[ \t]*-?[ \t]*(?i:хонадон\w{{0,3}}|xonadon\w{{0,3}}|пәтер)"
    rf"|(?i:{_FLAT_WORDS})[ \t]*\d{{1,4}}))?(?![\w])"
)
# The Uzbek type before the name, as writers in Latin letters put it: "ko'chasi Amir Temur 45-uy".
_TYPE_FIRST = re.compile(
    r"(?<![\w])(?i:ko['’ʻ‘]?chasi|kochasi|кўчаси|кочаси)[ \t]+[A-ZА-ЯЁЎҚҒҲ][\w'’ʻ‘-]{1,30}"
    r"(?:[ \t]+[A-ZА-ЯЁЎҚҒҲ][\w'’ʻ‘-]{1,30}){0,2},?[ \t]*\d{1,4}(?:[ \t]*-?[ \t]*(?i:uy|уй)(?![\w]))?"
    r"(?:,?[ \t]*\d{1,4}[ \t]*-?[ \t]*(?i:хонадон\w{0,3}|xonadon\w{0,3}))?(?![\w])"
)
_ISRAELI = re.compile(
    r"(?<![\w])(?i:rehov|rechov|rh\.|sderot|shderot|derech|рехов|сдерот|дерех)[ \t]+"
    r"[A-ZА-ЯЁІЇЄҐ][\w'’-]{1,30}(?:[ \t]+[A-ZА-ЯЁІЇЄҐ][\w'’-]{1,30}){0,2},?[ \t]*\d{1,4}[A-Za-z]?"
    r"(?:,?[ \t]*(?i:dira|дира|apt\.?|кв\.?)[ \t]*\d{1,4})?(?![\w])"
)
# Numbered parts of a home, each with its word, before or after the number.
# Numbered parts of a home, each with its word, before or after the number; matched in the
# lower-cased text (a case-insensitive alternation is slow at every position).
_PART = (
    r"(?:\d{1,3}[ \t]*-[ \t]*(?:мавзе|mavze|квартал|kvartal|уй|үй|uy|хонадон|xonadon)"
    r"|(?:дом|д\.|буд(?:инок|\.)?|корп(?:ус|\.)?|подъезд|под\.|під['’ʼ]?їзд|кв\.?|квартира"
    # ...and transliterated: Russian, Georgian ("korpusi 14, bina 52"), Armenian ("shenq 12, bn 45")
    r"|мавзе|хонадон|uy|уй|dom|kv\.?|kvartira|korpus\w{0,2}|bina|shenq|bn\.?)[ \t]*\d{1,4}[а-яa-z]?)(?![\w])"
)
_PARTS = re.compile(rf"(?<![\w-])(?:{_PART},?[ \t]*){{1,4}}{_PART}")
# One of the parts is a house or a flat: a block and an entrance alone point at no home.
_HOME_PART = re.compile(
    r"\d{1,3}[ \t]*-[ \t]*(?:уй|үй|uy|хонадон|xonadon)"
    r"|(?:дом|д\.|буд(?:инок|\.)?|кв\.?|квартира|хонадон|uy|уй|dom|kv\.?|kvartira|bina|shenq|bn\.?)[ \t]*\d"
)
# ...and a named block or micro-district before them goes too ("Тополь-3, ", "Чиланзар ").
_NAMED_BLOCK_BEFORE = re.compile(
    r"(?<![\w])(?:[A-ZА-ЯЁІЇЄҐ][\w'’ʼ]{2,30}(?:[ \t]+[A-ZА-ЯЁІЇЄҐ][\w'’ʼ]{2,30})?(?:-\d{1,2}[a-zа-я]?)?"
    # a district's name after a comma in any case ("gera, chilonzor 9-kvartal"), a district
    # ("Sergeli tumani, 7-mavze"), a micro-district by its name or number, the word either side
    # ("mkr. Yunusobod-4, ", "82 mkr, ", "III mikrorayon, ", "3-rd mikrorayon, ")
    r"|(?<=,[ \t])[a-zа-яё][\w'’ʼ]{2,30}|[A-Z][\w'’ʼ]{2,30}[ \t]+tumani"
    r"|(?i:mkrn?\.?|мкрн?\.?|mikrorayon|микрорайон)[ \t]*[A-ZА-ЯЁ][\w'’ʼ]{2,30}(?:-\d{1,2}[a-zа-я]?)?"
    r"|(?:\d{1,3}(?:-?(?:rd|th|st|nd|й|я|ий))?|[IVX]{1,4})[ \t]*(?i:mkrn?\.?|мкрн?\.?|mikrorayon|микрорайон))"
    r",?[ \t]+$"
)
_ENTRANCE_OR_FLAT = r"(?:подъезд|під['’ʼ]?їзд|кв\.?|квартира|корпус|корп\.)"
# "героев труда 27, подъезд 3", "академика павлова 44, кв 2": a street of names in lower case.
_LOWER_CASE_STREET = re.compile(
    r"(?<![\w])[а-яёіїєґ][а-яёіїєґ'’ʼ-]{2,30}(?:[ \t]+[а-яёіїєґ][а-яёіїєґ'’ʼ-]{2,30}){1,2}"
    r"[ \t]+\d{1,4}[а-я]?(?![\w])(?:[ \t]*/[ \t]*\d{1,4})?"
    rf",?[ \t]*{_ENTRANCE_OR_FLAT}[ \t]*\d{{1,4}}(?![\w])"
)
# Words a lower-case street does not begin with: it is a sentence ("живу тут уже 27, кв ...").
_NOT_A_STREET_START = frozenset(
    ("живу", "живем", "живём", "живемо", "мне", "мені", "нам", "нас", "было", "було", "уже", "вже",
     "это", "это", "там", "тут", "где", "де", "дом", "будинок", "адрес", "адреса", "номер")
)  # fmt: skip
_STREET_WORDS_SPOKEN = re.compile(
    rf"(?<![\w])(?i:{street_kinds('spoken')})"
    r"[ \t]+[A-ZА-ЯЁІЇЄҐ][\w'’ʼ-]{1,30}(?:[ \t]+[A-ZА-ЯЁІЇЄҐ][\w'’ʼ-]{1,30})?"
    r",?[ \t]+\d{1,4}(?:,?[ \t]*(?i:кв(?:артира)?\.?|під['’ʼ]?їзд|подъезд)[ \t]*\d{1,4})?(?![\w])"
)
# The families' cue words, searched by scrub_address's hints (their prefix trees hold these
# too, so no text is scanned again for them): each family's pattern runs in a window around a
# cue only, and most texts hold none.
NORDIC_CUES = _NORDIC_SUFFIXES
TYPE_CUES = (  # after a space: the types of Central Asia and the Caucasus
    "кочаси", "кўчаси", "кучаси", "ko'chasi", "kochasi", "көшесі", "көшесi", "көчөсү", "küçəsi", "küç.",
    "prospekti", "даңғылы", "poghots", "ave", "avenue", "street", "str.", "st.",
)  # fmt: skip
HOME_CUES = (
    "дом",
    "будинок",
    "буд.",
    "кв",
    "під",
    "подъезд",
    "корп",
    "хонадон",
    "xonadon",
    "-уй",
    "-үй",
    "-uy",
    # transliterated (a space after the short ones: "random", "combination" hold them)
    "dom ",
    "kv",
    "korpus",
    "bina ",
    "shenq",
    "bn",
)
# (scrub_address's own pattern reads the capitalised "Sderot", "Derech"; their letters would
# make the shared hint try every "s" and "д")
ISRAELI_CUES = ("rehov", "rechov", "рехов")
_FAMILY_OF_CUE: dict[str, tuple[re.Pattern[str], ...]] = {
    **dict.fromkeys(NORDIC_CUES, (_NORDIC,)),
    **dict.fromkeys(TYPE_CUES, (_CENTRAL_ASIAN,)),
    **dict.fromkeys(("ko'chasi", "kochasi", "кочаси", "кўчаси"), (_CENTRAL_ASIAN, _TYPE_FIRST)),
    **dict.fromkeys(ISRAELI_CUES, (_ISRAELI,)),
    **dict.fromkeys(HOME_CUES, (_PARTS, _LOWER_CASE_STREET)),
}
GREEK_LETTER = "[α-ωά-ώ]"  # a Greek address's cue, in the lower-cased text
_NUMBER_WORD_CUE = re.compile(street_kinds("spoken_cue"))
_DIGIT = re.compile(r"\d")
_DIGIT_AFTER_CUE = 40  # the Israeli name between its type and number is the longest gap
_BEFORE = 80  # how far before and after its cue a family's pattern looks
_AFTER = 80


def find_world_addresses(text: str, lower: str, cues: list[tuple[int, str]]) -> Iterator[Span]:
    """The addresses of the families above in `text` (`lower` lower-cased), around `cues`:
    (position, word) of the cue words scrub_address's hints found."""
    covered = 0
    greek = False
    for position, word in cues:
        if len(word) == 1:  # a Greek letter: the pattern reads the whole text, once
            if not greek:
                greek = True
                yield from _spans(_GREEK, text, 0, len(text))
            continue
        patterns = _FAMILY_OF_CUE.get(word)
        if patterns is None or position < covered:
            continue
        # every family's number is near its cue: most cue words in a text are other words' parts
        if not _DIGIT.search(lower, max(0, position - 4), position + _DIGIT_AFTER_CUE):
            continue
        window = (max(0, position - _BEFORE), min(len(text), position + _AFTER))
        for pattern in patterns:
            for span in _homes(text, lower, window) if pattern is _PARTS else _spans(pattern, text, *window):
                if pattern is _LOWER_CASE_STREET and _first_word(text, span) in _NOT_A_STREET_START:
                    continue
                covered = max(covered, span.end)
                yield span


def _homes(text: str, lower: str, window: tuple[int, int]) -> Iterator[Span]:
    for parts in _PARTS.finditer(lower, *window):
        if _HOME_PART.search(parts.group()):
            block = _NAMED_BLOCK_BEFORE.search(text, max(0, parts.start() - 45), parts.start())
            yield Span(block.start() if block else parts.start(), parts.end(), "address")


def _first_word(text: str, span: Span) -> str:
    return text[span.start : span.end].split(None, 1)[0]


def _spans(pattern: re.Pattern[str], text: str, start: int, end: int) -> Iterator[Span]:
    for match in pattern.finditer(text, start, end):
        yield Span(match.start(), match.end(), "address")


def find_spoken_addresses(text: str, lower: str) -> Iterator[Span]:
    """A street and house dictated in words: "проспект Соборний сто вісімдесят два квартира
    сорок сім", read on the text with its number words as digits."""
    normalised = normalise_numbers(text)  # cached: the card and phone rules asked first
    if normalised is None or not _NUMBER_WORD_CUE.search(lower):
        return
    for match in _STREET_WORDS_SPOKEN.finditer(normalised.text):
        start, end = normalised.original_span(match.start(), match.end())
        if not any(ch.isdigit() for ch in text[start:end]):  # digits are scrub_address's
            yield Span(start, end, "address")
