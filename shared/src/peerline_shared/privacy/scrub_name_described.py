"""A given name described right after it by an age or a nickname, or signed after a phone
number at the end of a message (thirteenth round).

"Роман, 46 лет, живёт в подвале", "Віра (52) з Ізюма", "Ігор на прізвисько Шуруп", "Anna,
34 years old": an age or a nickname describes a person, so a given name before one is that
person's even when it is also a word (Роман, Слава, Віра are on `ambiguous_cyrillic.txt` and
stay words elsewhere). A place before an age ("Київ, 25 років тому") is no given name.

"Мой номер 050 714 22 81, Севиндж.", "moy nomer +992 92 755 41 08 sharif": a word after a
phone number that ends the message signs it: a listed given name in Latin letters in any case,
or a capitalised Cyrillic given name or unknown word set off by a comma or a dash; a place, a
name that is also a word ("… від 3 Марта") or an ordinary word stays ("…, Київ").

"the Marchuks", "the Kovalenkos": a family named by its surname in the English plural; and a
quoted word right after the client ("client 'Kipish'").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator

from peerline_shared.privacy.scrub_name_cues import LATIN_SURNAME
from peerline_shared.privacy.scrub_name_words import CYRILLIC, WordInfo
from peerline_shared.privacy.scrub_regex import Anchored, digit_count, lowered
from peerline_shared.privacy.scrub_spans import Span

# The description, matched from its first digit or word: digits and these words are rarer
# than the capitals a name begins with, so `re` scans for them.
_AGE = Anchored(
    re.compile(
        r"\d(?<![\w.,]\d)\d?[ \t]*(?:лет|год(?:а|ик)?|рок(?:и|ів)|рік|р\.|г\.|y\.?o\.?|years?|yrs|jahre|ani"
        r"|anni|años|lat)(?![\w])"
    )
)
_AGE_BRACKETED = re.compile(r"\(\d{1,2}\)")  # "Віра (52)"; a pattern of its own: see _AGE's scan
_NICKNAME_CUE = re.compile(r"(?:на|по)[ \t]+(?:прізвисько|прізвиську|кличку|кличке|прозвищу|прозвище)")
# The message's last word after a number.
_TRAILING = " \t\n.!)"
_SEPARATORS = ",;—–-"
_WORD = re.compile(r"[^\W\d_][^\W\d_'’-]{2,20}")
# Searched in the lower-cased text, then the quoted word read in the text itself.
_CLIENT_BEFORE_QUOTE = re.compile(r"(?:client|клієнт|клиент)\w{0,4}[ \t]*[«\"'“„]")
_QUOTED_WORD = re.compile(r"[A-ZА-ЯІЇЄҐЁ][\w'’-]{1,20}(?=[»\"'”])")
_PHONE_DIGITS = 7
# (the look-behind after the first letter: `re` then scans for "t"/"T", see WORD_START)
_FAMILY_IN_PLURAL = re.compile(r"[Tt](?<![\w][Tt])he[ \t]+([A-Z][a-z]{3,20})s(?![\w'’])")
_NAME_BEFORE = re.compile(r"(?<![\w-])([A-ZА-ЯІЇЄҐЁ][a-zа-яіїєґё'’]{2,20})(?:,[ \t]*|[ \t]+)$")


def names_described(
    text: str, classify: Callable[[str], WordInfo], ambiguous: Collection[str]
) -> Iterator[Span]:
    """`classify` reads a word in the text's languages; `ambiguous` holds the given names that
    are also words, in lower case."""
    starts: list[int] = []
    if digit_count(text):
        starts.extend(match.start() for match in _AGE.finditer(text))
        if "(" in text:
            starts.extend(match.start() for match in _AGE_BRACKETED.finditer(text))
    lower = lowered(text)[0]
    if "клич" in lower or "прізв" in lower or "прозв" in lower:
        starts.extend(match.start() for match in _NICKNAME_CUE.finditer(lower))
    for start in starts:
        before = _NAME_BEFORE.search(text, max(0, start - 24), start)
        if before is None:
            continue
        word = before.group(1)
        info = classify(word)
        # A name known only by its ending's analogy ("Кызым": my daughter) is no evidence.
        if word.lower() in ambiguous or (info.first and not info.blocked and not info.guessed):
            yield Span(before.start(1), before.end(1), "name")


def names_signed_after_number(text: str, classify: Callable[[str], WordInfo]) -> Iterator[Span]:
    if digit_count(text) < _PHONE_DIGITS:
        return
    # Read from the end without a pattern: most messages end in no number and a word.
    body = text.rstrip(_TRAILING)
    space = max(body.rfind(" "), body.rfind("\t"))
    word = body[space + 1 :]
    if not (3 <= len(word) <= 21 and _WORD.fullmatch(word)):
        return
    before = body[:space].rstrip(" \t")
    set_off = before[-1:] in _SEPARATORS
    before = (before[:-1] if set_off else before).rstrip(" \t)")
    if not before[-1:].isdigit() or sum(ch.isdigit() for ch in before[-20:]) < _PHONE_DIGITS:
        return
    info = classify(word.capitalize())
    # A name that is also a word ("від 3 Марта": of March) does not sign a message.
    if info.blocked or info.place or info.common:
        return
    start = space + 1
    if CYRILLIC.search(word) is None:
        # A Latin word no dictionary knows may be English ("Thanks"): only the lists' names.
        if info.first:
            yield Span(start, start + len(word), "name")
    elif set_off and word[0].isupper() and (info.first or info.unknown):
        # In Cyrillic, set off by a comma or a dash ("…, Севиндж."), not read on ("… 3 марта").
        yield Span(start, start + len(word), "name")


def quoted_after_client(text: str) -> Iterator[Span]:
    """A quoted word right after the client is what the client is called ("client 'Kipish'",
    "клієнт «Чорний»", "clientul 'Bunicul'")."""
    lower = lowered(text)[0]
    if "client" not in lower and "клієнт" not in lower and "клиент" not in lower:
        return
    for cue in _CLIENT_BEFORE_QUOTE.finditer(lower):
        word = _QUOTED_WORD.match(text, cue.end())
        if word is not None:
            yield Span(word.start(), word.end(), "name")


def families_in_plural(text: str, classify: Callable[[str], WordInfo]) -> Iterator[Span]:
    if "the " not in text and "The " not in text:
        return
    for match in _FAMILY_IN_PLURAL.finditer(text):
        # A surname's ending that a people's name shares ("the Ukrainians") is blocked.
        info = classify(match.group(1))
        if LATIN_SURNAME.match(match.group(1)) and info.surname and not info.blocked:
            yield Span(match.start(1), match.end(), "name")


def find(text: str, classify: Callable[[str], WordInfo], ambiguous: Collection[str]) -> Iterator[Span]:
    """This module's rules, each entered only when its cheap condition holds (most texts meet
    none: a generator per rule and text cost more than the rules' own checks)."""
    digits = digit_count(text)
    lower = lowered(text)[0]
    if digits or "клич" in lower or "прізв" in lower or "прозв" in lower:
        yield from names_described(text, classify, ambiguous)
    if digits >= _PHONE_DIGITS:
        yield from names_signed_after_number(text, classify)
    if "the " in lower:
        yield from families_in_plural(text, classify)
    if "client" in lower or "клієнт" in lower or "клиент" in lower:
        yield from quoted_after_client(text)
