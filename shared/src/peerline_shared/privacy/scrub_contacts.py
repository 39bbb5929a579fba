"""Detectors for contact details: e-mail addresses, messenger handles and links, phone numbers.

Every pattern has bounded repetition and a left boundary check, so a 100 KB message without
separators costs linear time (no catastrophic backtracking).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import phonenumbers

from peerline_shared.privacy.scrub_spans import Span

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")

_HANDLE = re.compile(r"(?<![\w@./])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,30}[A-Za-z0-9_])?(?![\w@])")

_PROFILE_LINK = re.compile(
    r"(?<![\w.])(?:https?://)?(?:www\.)?"
    r"(?:t\.me|telegram\.me|telegram\.dog|wa\.me|instagram\.com|facebook\.com|fb\.com|m\.me"
    r"|vk\.com|ok\.ru|tiktok\.com|x\.com|twitter\.com|threads\.net|linkedin\.com/in)"
    r"/[\w+@.~/-]{1,100}",
    re.IGNORECASE,
)

_PHONE_CANDIDATE = re.compile(
    r"(?<![\w+/])(?:\+|00)?[ \t]?\(?\d(?:[ \t\u00a0\-.()/]{0,3}\d){6,16}(?![\w/])"
)
_DATE_LIKE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}[.:]\d{2}(?:[.:]\d{2})?")
_SHORT_LOCAL = re.compile(r"\d{3}-\d{2}-\d{2}")
_YEAR_RANGE = re.compile(r"(?:19|20)\d\d\s?[-/]\s?(?:19|20)?\d\d")

DEFAULT_PHONE_REGIONS: tuple[str, ...] = (
    "UA", "RU", "KZ", "BY", "MD", "GE", "PL", "DE",
    "AM", "AZ", "UZ", "KG", "TJ", "LT", "LV", "EE", "CZ", "SK", "RO", "HU",
    "AT", "IT", "ES", "FR", "GB", "IE", "NL", "BE", "US", "IL", "TR",
)  # fmt: skip


def find_emails(text: str) -> Iterator[Span]:
    if "@" not in text:
        return
    for match in _EMAIL.finditer(text):
        yield Span(match.start(), match.end(), "email")


def find_handles(text: str) -> Iterator[Span]:
    if "@" in text:
        for match in _HANDLE.finditer(text):
            yield Span(match.start(), match.end(), "handle")
    if "/" in text:
        for match in _PROFILE_LINK.finditer(text):
            end = match.end()
            while end > match.start() and text[end - 1] in "./":
                end -= 1
            yield Span(match.start(), end, "handle")


def find_phones(text: str, regions: Sequence[str] = DEFAULT_PHONE_REGIONS) -> Iterator[Span]:
    for match in _PHONE_CANDIDATE.finditer(text):
        start, end = match.start(), match.end()
        while text[start] in " \t":
            start += 1
        if _is_phone(text[start:end], regions):
            yield Span(start, end, "phone")


def _is_phone(candidate: str, regions: Sequence[str]) -> bool:
    if _SHORT_LOCAL.fullmatch(candidate):
        return True
    if _DATE_LIKE.fullmatch(candidate) or _YEAR_RANGE.fullmatch(candidate):
        return False
    digits = sum(ch.isdigit() for ch in candidate)
    if not 7 <= digits <= 15:
        return False
    if candidate.startswith(("+", "00")):
        return _valid_in(candidate if candidate[0] == "+" else "+" + candidate[2:], (None,))
    # Local numbers only count when long enough to be unambiguous: "20242025" is no phone.
    return digits >= 9 and _valid_in(candidate, regions)


def _valid_in(candidate: str, regions: Sequence[str | None]) -> bool:
    for region in regions:
        try:
            number = phonenumbers.parse(candidate, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return True
    return False
