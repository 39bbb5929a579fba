"""E-mails spelled in the host languages' ways (thirteenth round).

A mail provider's name followed by its domain after a space ("vitalik гав гмаіл ком"), and a
local part joined by spelled dots with a number after a space ("mihai punct lazar 1990 arond
gmail punct com"). `scrub_contacts.find_emails` reads the "@" and the dot spelled in the host
languages ("гав", "arond", "małpa"; "punct", "kropka"); these longer forms are tried only where
a text spells a dot in a word or names a provider: tried on every text that says "at", the
pattern cost more than the rest of the e-mail rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from peerline_shared.privacy.scrub_contacts import (
    _AT,
    _DOT,
    _MESSENGER_BEFORE_AT,
    _PROVIDER,
    _SPELLED_AT,
    _SPELLED_AT_ANY_CASE,
    _TLD,
    _ends_in_tld,
    _holds,
)
from peerline_shared.privacy.scrub_regex import lowered
from peerline_shared.privacy.scrub_spans import Span
from peerline_shared.privacy.scrub_triggers import trigger_words

_SPELLED_EMAIL = re.compile(
    rf"[\w.+-](?<![\w.+-][\w.+-])[\w.+-]{{0,63}}(?:{_DOT}[\w+-]{{1,63}}){{0,3}}(?:[ \t]+\d{{1,4}})?{_AT}"
    rf"(?:{_PROVIDER}(?:{_DOT}|[ \t]+)|[\w-]{{1,63}}(?:{_DOT}[\w-]{{1,63}}){{0,3}}{_DOT}){_TLD}"
    r"(?![\w])"
)
# A word that spells a dot, or a provider's name (in the one scan of scrub_triggers; "укр " with
# its space, as "україна" begins with "укр").
_SPELLED_EMAIL_HINT = trigger_words(
    ("punct", "punto", "punkt", "kropka", "tečka", "dot", "tochka", "krapka", "точка", "крапка", "gmail",
     "gmeil", "гмаіл", "гмаил", "гмейл", "гмэйл", "джимейл", "yahoo", "outlook", "hotmail", "icloud",
     "proton", "ukr ", "укр ", "укрнет", "мейл", "майл"),
    at_word_start=True,
)  # fmt: skip


def find_spelled_emails(text: str) -> Iterator[Span]:
    # "точка" and "dot" are common words (a distribution point, "точка видачі"): the pattern is
    # tried only where a spelled "at" and a top-level domain after a dot or provider are there too.
    if not (
        _SPELLED_EMAIL_HINT.search(lowered(text)[0])
        and _holds(text, _SPELLED_AT, _SPELLED_AT_ANY_CASE)
        and _ends_in_tld(text)
    ):
        return
    for match in _SPELLED_EMAIL.finditer(text):
        if not _MESSENGER_BEFORE_AT.match(match.group()):
            yield Span(match.start(), match.end(), "email")
