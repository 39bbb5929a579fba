"""The fifteenth round's identifier and address families, each in its own module, behind one
call per pass: every detector the scrubber calls costs a call and a generator on every text,
and these families rarely find anything in a given text, so their cheap guards are asked in
one place (the digits counted and the text lower-cased once, `scrub_regex`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from peerline_shared.privacy import scrub_address_americas as americas
from peerline_shared.privacy import scrub_address_bare as bare
from peerline_shared.privacy import scrub_address_entry as entry
from peerline_shared.privacy import scrub_address_iberia as iberian_addresses
from peerline_shared.privacy import scrub_address_villages as villages
from peerline_shared.privacy import scrub_belarus_ids as belarus_ids
from peerline_shared.privacy import scrub_iberia_ids as iberian_ids
from peerline_shared.privacy.scrub_national_phones import find_national_phones
from peerline_shared.privacy.scrub_number_tails import find_number_tails
from peerline_shared.privacy.scrub_phone_extensions import find_phone_extensions
from peerline_shared.privacy.scrub_regex import digit_count, lowered
from peerline_shared.privacy.scrub_spans import Span
from peerline_shared.privacy.scrub_triggers import found_in

# A phone's placeholder with a word or digit after it, another number's with a digit; `re`
# finds the "[" quickly, and most texts have no placeholder at all on their first pass.
_TAIL_AFTER_PLACEHOLDER = re.compile(
    r"\[(?:phone\][ \t]*[,(]?[ \t]*[^\W_]|(?:id_number|tax_id|passport|document|address)\][ \t]\d)"
)
_FAMILIES: tuple[Callable[[str], Iterable[Span]], ...] = (
    iberian_ids.find_iberian_ids,
    belarus_ids.find_belarus_personal_numbers,
    americas.find_north_american_addresses,
    iberian_addresses.find_iberian_addresses,
    villages.find_village_addresses,
    entry.find_entry_details,
)
# Every family needs one of these words, except the North American address at a text's end
# and the parts after an "[address]"; each family's bit once, so their sum is their union.
_ANY_HINT = sum(
    {
        hint.bit: None
        for hints in (
            americas.HINTS,
            entry.HINTS,
            iberian_addresses.HINTS,
            villages.HINTS,
            belarus_ids.HINTS,
            iberian_ids.HINTS,
        )
        for hint in hints
    }
)


def find_new_country_ids_and_addresses(text: str) -> Sequence[Span]:
    """One look at the scan's answer for all the families; most texts stop there, with the
    empty tuple (no list made: fewer allocations, fewer garbage collections)."""
    if digit_count(text) == 0:
        if "[address]" not in text:
            return ()
        spans: list[Span] = []
    else:
        # the round-16 families gate themselves on cheap searches (scrub_address_bare)
        spans = [
            *bare.find_bare_streets(text),
            *bare.find_eircode_addresses(text),
            *find_national_phones(text),
        ]
        lower = lowered(text)[0]
        if (
            "[address]" not in text
            and not found_in(lower) & _ANY_HINT
            and not americas.ends_with_street_type(lower)
        ):
            return spans
    for family in _FAMILIES:
        spans.extend(family(text))
    return spans


def find_placeholder_tails(text: str) -> Sequence[Span]:
    """A phone's extension and a number's last groups beside the placeholder a pass left;
    nothing to do in a text without a "[" (the first pass of most texts)."""
    if _TAIL_AFTER_PLACEHOLDER.search(text) is None:
        return ()
    return [*find_phone_extensions(text), *find_number_tails(text)]
