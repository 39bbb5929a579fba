"""A country's mobile number written as at home, with no country code and no word for a phone,
in a message that names the country or one of its towns (issue 16, round 16): "Сергей, 25 730
412" from Jelgava, "Я Ксюша, 5590 3342" from Tallinn, "or 26 118 903" from Riga.

Without a prefix or a cue such a digit group is read as a phone only for the countries the
message names (`data/phone_places.txt`: the stems of their names and main towns), and only when
`phonenumbers` holds it a valid mobile number of one of them. A group before a unit or after a
currency is an amount ("25 730 412 EUR"); dates and decimals have dots, which no group here
holds. Every region of `DEFAULT_PHONE_REGIONS` with a place in the list is covered.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cache, lru_cache
from importlib.resources import files
from types import MappingProxyType

import phonenumbers
from phonenumbers import PhoneMetadata, PhoneNumberType

from peerline_shared.privacy.scrub_address_bare import AMOUNT_AFTER
from peerline_shared.privacy.scrub_regex import (
    WORD_START,
    Anchored,
    digit_count,
    lowered,
    prefix_tree_pattern,
)
from peerline_shared.privacy.scrub_spans import Span

# Digit groups of 7 to 10 digits in all, spaces or hyphens between them, nothing joined to them;
# not opening with a trunk prefix ("0", the post-Soviet "8"): the phone rules read those.
# (Anchored at the numbers the pass has found: scrub_regex.number_starts)
_GROUPS = Anchored(
    re.compile(
        # nor the tail of a longer number ("+380 67 123 45 67" holds "67 123 45 67")
        r"\d(?<![\w+.,/-]\d)(?<=[1-79])(?<!\d[ \t-]\d)(?:[ \t-]?\d){6,9}(?![\w+]|[.,/:][ \t]?\d|[ \t-]\d)"
    )
)
_CURRENCY_BEFORE = re.compile(r"(?i)(?:[€$£₴₪]|eur|usd|uah|pln|грн|евро|євро)[ \t]*$")
_MOBILE = frozenset((PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE))


@cache
def _places() -> tuple[re.Pattern[str], Mapping[str, frozenset[str]]]:
    """The stems' pattern (a word beginning with one) and each stem's regions."""
    text = files("peerline_shared.privacy").joinpath("data", "phone_places.txt").read_text(encoding="utf-8")
    regions: dict[str, set[str]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        region, *stems = line.split()
        for stem in stems:
            regions.setdefault(stem.lower(), set()).add(region)
    # the look-behind after each stem's first letter (scrub_regex.WORD_START): `re` then scans
    # for the first letters quickly instead of trying a look-behind at every position
    pattern = re.compile(prefix_tree_pattern(regions, WORD_START, any_apostrophe=False))
    return pattern, MappingProxyType({stem: frozenset(found) for stem, found in regions.items()})


def named_regions(text: str) -> frozenset[str]:
    """The countries `text` names, by themselves or by a town."""
    pattern, regions = _places()
    found: set[str] = set()
    for match in pattern.finditer(lowered(text)[0]):
        found |= regions.get(match.group(), frozenset())
    return frozenset(found)


def find_national_phones(text: str) -> Iterator[Span]:
    if digit_count(text) < 7:
        return
    # written in groups, as a number is at home: one long run of digits is more often an id
    groups = [
        match for match in _GROUPS.finditer(text) if _grouped(match.group()) and not _amount(text, match)
    ]
    if not groups:
        return
    regions = named_regions(text)
    for match in groups if regions else ():
        digits = re.sub(r"\D", "", match.group())
        if any(_mobile_of(digits, region) for region in sorted(regions)):
            yield Span(match.start(), match.end(), "phone")


def _grouped(digits: str) -> bool:
    return " " in digits or "-" in digits or "\t" in digits


def _amount(text: str, match: re.Match[str]) -> bool:
    return bool(
        AMOUNT_AFTER.match(text, match.end())
        or _CURRENCY_BEFORE.search(text, max(0, match.start() - 6), match.start())
    )


@cache
def _mobile_lengths(region: str) -> tuple[int, ...]:
    """How many digits a national mobile number of `region` may have (the general lengths
    where the mobiles' own are not listed)."""
    metadata = PhoneMetadata.metadata_for_region(region)
    if metadata is None:
        return ()
    for description in (metadata.mobile, metadata.general_desc):
        if description is not None and description.possible_length:
            return tuple(description.possible_length)
    return ()


@lru_cache(maxsize=256)
def _mobile_of(digits: str, region: str) -> bool:
    """Whether `digits` are a valid mobile number of `region` (cached: the scrubber's second
    pass over a text asks again); a length the region's mobiles never have is answered without
    parsing, which costs far more."""
    if len(digits) not in _mobile_lengths(region):
        return False
    try:
        number = phonenumbers.parse(digits, region)
    except phonenumbers.NumberParseException:
        return False
    return (
        phonenumbers.is_valid_number_for_region(number, region)
        and phonenumbers.number_type(number) in _MOBILE
    )
