"""Addresses of villages, blocks and the streets of Hungary and Greece (fifteenth round).

- a village and its house, where a village's houses have numbers and no street: "с. Велика
  Добронь, 312", "Село Гать, хата 205", "с. Езерово, №23", "С. ДИЙДА, БУДИНОК 88", "obci
  Jarovnice č. 511";
- a block of flats in Bulgaria and its neighbours, with its entrance, floor and flat: "бл. 318,
  вх. В, ет. 6, ап. 41", "bl. 411, vh. A, ap. 8" (the estate before it, "ж.к. Люлин", stays:
  it is a district of the town);
- a Hungarian street with its abbreviated type and the house with its ordinal dot, floor and
  door: "Kossuth u. 41", "Tünde u. 9/B fsz. 2", "Mester utca 41., 3. emelet 12",
  "Szondi-telep 14";
- a Greek street after its word, in Greek or Latin letters: "odos Fokionos Negri 34", "οδός
  Σταδίου 5".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from peerline_shared.privacy.scrub_regex import digit_count, lowered
from peerline_shared.privacy.scrub_spans import Span
from peerline_shared.privacy.scrub_triggers import trigger_words

# Whole words ("село ", not the "село" of "весело"; "telep ", not "telephone").
_VILLAGE_HINT = trigger_words(
    ("с.", "с-ще", "село ", "село,", "селі ", "селище ", "смт", "obec", "obci", "obce", "falu", "község"),
    at_word_start=True,
)
# "бл." and "bl " whole, not the "бл" of "близко" nor the "bl" of "blood".
_BLOCK_HINT = trigger_words(("бл.", "бл ", "блок", "bl.", "bl ", "blok"), at_word_start=True)
_HUNGARIAN_HINT = trigger_words(
    (
        "utca",
        "út ",
        "útja",
        "tér ",
        "telep ",
        "telep,",
        "lakótelep",
        "ltp.",
        "krt.",
        "körút",
        "köz ",
        "fasor",
    ),
    at_word_start=True,
)
# "Kossuth u. 41", "odos Patision" as words of their own (not the "u." of "you.", the "odos" of
# "todos"); no hint word begins with a space, which would stop the one scan at every space.
_HUNGARIAN_U_HINT = trigger_words(("u. ",), at_word_start=True)
_GREEK_STREET_HINT = trigger_words(("odos ", "οδός ", "οδ."), at_word_start=True)
_CAP = r"[A-ZÀ-ŽА-ЯІЇЄҐ][\w'’-]{1,30}"
_VILLAGE_WORD = r"с\.|с-ще|село|селі|селище|смт\.?|obec|obci|obce|falu|község"
# A year after a village is a date: "у с. Гать 2022 року".
_NOT_YEAR = r"(?![ \t]*(?:р\.|року|году|рік|год|évben|roku))"
_VILLAGE = re.compile(
    rf"(?<![\w])(?i:{_VILLAGE_WORD})[ \t]*{_CAP}(?:[ \t-]+{_CAP})?,?[ \t]*"
    r"(?:(?i:хата|будинок|буд\.|дом|д\.|хаза|kuća|č\.|čís\.|číslo|hsz\.|no\.?)[ \t]*|№[ \t]*)?"
    rf"\d{{1,4}}(?:[ \t]?[А-ЯA-Zа-яa-z](?![\w]))?(?![\w.,]\d){_NOT_YEAR}(?![\w])"
)
_BLOCK_PART = r"(?i:вх\.?|вход|vh\.?|ет\.?|етаж|et\.?|ап\.?|апарт\.?|ap\.?)[ \t]*\w{1,3}(?![\w])"
_BLOCK = re.compile(
    rf"(?<![\w])(?i:бл\.?|блок|bl\.?|blok)[ \t]*\d{{1,4}}[А-ЯA-Z]?(?![\w])(?:,?[ \t]*{_BLOCK_PART})+"
)
_HUNGARIAN_PART = (
    r"(?:fsz\.?|földszint|\d{1,2}\.[ \t]*(?:em\.?|emelet)|em\.?|emelet|ajtó|\d{1,2}\.[ \t]*ajtó)[ \t]*\d{0,3}"
)
_HUNGARIAN = re.compile(
    rf"(?<![\w]){_CAP}(?:[ \t]+{_CAP})?(?:[ \t]+|-)"
    r"(?:u\.|utca|út|útja|tér|telep|lakótelep|ltp\.|krt\.|körút|köz|sor|fasor)[ \t]*"
    r"\d{1,4}(?:[ \t]*/[ \t]*[A-Z0-9]{1,3})?\.?(?![\w])"
    rf"(?:,?[ \t]*{_HUNGARIAN_PART}(?![\w]))*"
)
_SENTENCE_GOES_ON = re.compile(r"[ \t]*(?:$|\n|[A-ZÀ-ŽА-ЯІЇЄҐ])")
_GREEK_STREET = re.compile(
    r"(?<![\w])(?i:odos|οδός|οδ\.)[ \t]+[A-ZΑ-ΩΆ-Ώ][\w'’-]{1,30}(?:[ \t]+[A-ZΑ-ΩΆ-Ώ][\w'’-]{1,30}){0,2}"
    r",?[ \t]+\d{1,4}[A-Za-zΑ-Ωα-ω]?(?![\w])"
)


_PATTERNS = (
    (_VILLAGE_HINT, _VILLAGE),
    (_BLOCK_HINT, _BLOCK),
    (_HUNGARIAN_HINT, _HUNGARIAN),
    (_HUNGARIAN_U_HINT, _HUNGARIAN),
    (_GREEK_STREET_HINT, _GREEK_STREET),
)

HINTS = (_VILLAGE_HINT, _BLOCK_HINT, _HUNGARIAN_HINT, _HUNGARIAN_U_HINT, _GREEK_STREET_HINT)


def find_village_addresses(text: str) -> Iterable[Span]:
    if digit_count(text) == 0:
        return ()
    lower = lowered(text)[0]
    patterns = list(dict.fromkeys(pattern for hint, pattern in _PATTERNS if hint.search(lower)))
    return _addresses(text, patterns) if patterns else ()


def _addresses(text: str, patterns: list[re.Pattern[str]]) -> Iterator[Span]:
    for pattern in patterns:
        for match in pattern.finditer(text):
            yield Span(match.start(), _without_sentence_stop(text, match.end()), "address")


def _without_sentence_stop(text: str, end: int) -> int:
    """A house's ordinal dot ("41., 3. emelet") goes with it; a sentence's full stop stays."""
    if text[end - 1] == "." and _SENTENCE_GOES_ON.match(text, end):
        return end - 1
    return end
