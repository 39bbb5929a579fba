"""Remove personal data from message text before it leaves a channel adapter.

`scrub(text)` replaces phone numbers, e-mails, messenger handles, payment cards, IBANs, tax and
ID numbers, street addresses and personal names with typed placeholders (`[phone]`, `[name]`…)
and counts what it replaced. It is pure and idempotent: scrubbing scrubbed text changes nothing.

The morphological analysers and word lists load on first use (about a second), never at import.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, partial
from types import MappingProxyType

from pymorphy3 import MorphAnalyzer

from peerline_shared.privacy.scrub_address import find_addresses
from peerline_shared.privacy.scrub_address_parts import PLACEHOLDER as ADDRESS_PLACEHOLDER
from peerline_shared.privacy.scrub_address_parts import find_address_parts
from peerline_shared.privacy.scrub_address_postal import find_postal_addresses
from peerline_shared.privacy.scrub_contacts import (
    DEFAULT_PHONE_REGIONS,
    find_emails,
    find_handles,
    find_phones,
    find_scattered_phones,
    find_split_phones,
)
from peerline_shared.privacy.scrub_cued_ids import find_cued_ids
from peerline_shared.privacy.scrub_host_ids import find_host_ids
from peerline_shared.privacy.scrub_ids import (
    find_cards,
    find_documents,
    find_ibans,
    find_personal_codes,
    find_tax_ids,
)
from peerline_shared.privacy.scrub_name_before import SurnamesBeforeNames
from peerline_shared.privacy.scrub_name_greek import GreekScriptNames
from peerline_shared.privacy.scrub_name_pairs import (
    NamePairs,
    names_before_honorifics,
    places_after_names,
    without_honorific,
)
from peerline_shared.privacy.scrub_name_parts import NameParts
from peerline_shared.privacy.scrub_name_translit import TranslitNames
from peerline_shared.privacy.scrub_name_words import NameWords
from peerline_shared.privacy.scrub_named_places import trim_address
from peerline_shared.privacy.scrub_names import NameDetector
from peerline_shared.privacy.scrub_new_countries import (
    find_new_country_ids_and_addresses,
    find_placeholder_tails,
)
from peerline_shared.privacy.scrub_not_persons import not_a_person
from peerline_shared.privacy.scrub_numbers import normalise_numbers
from peerline_shared.privacy.scrub_plates import find_plates
from peerline_shared.privacy.scrub_policy import DEFAULT_POLICY, ScrubPolicy
from peerline_shared.privacy.scrub_records import find_birth_dates, find_national_ids, find_records
from peerline_shared.privacy.scrub_regex import digit_count
from peerline_shared.privacy.scrub_spans import PRIORITY, Span, select_spans
from peerline_shared.privacy.scrub_spelled_dates import find_spelled_birth_dates
from peerline_shared.privacy.scrub_spelled_emails import find_spelled_emails
from peerline_shared.privacy.scrub_tagger import Features, NameTagger, load_weights

__all__ = ["KINDS", "ScrubResult", "Scrubber", "get_scrubber", "scrub"]

KINDS: tuple[str, ...] = tuple(PRIORITY)
_MAX_PASSES = 5


Detector = Callable[[str], Iterable[Span]]

# A pass's output differs from its input only where a placeholder ("[phone]": a bracket and a
# kind's name) replaced a span. These detectors find a thing that is one run of characters with
# no bracket in it: a placeholder gives them nothing new unless it touches a neighbour
# ("[plate]@0": no word character before the "@" now; `_placeholders_stand_apart`). They run
# over a pass's output only then.
_WHOLE_TOKENS: tuple[Detector, ...] = (find_emails, find_spelled_emails, find_handles)


@dataclass(frozen=True, slots=True)
class ScrubResult:
    text: str
    redactions: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def redacted(self) -> bool:
        return bool(self.redactions)


class Scrubber:
    """Holds the loaded resources; build once and reuse (see `get_scrubber`)."""

    def __init__(
        self,
        *,
        phone_regions: Iterable[str] = DEFAULT_PHONE_REGIONS,
        detect_names: bool = True,
        policy: ScrubPolicy = DEFAULT_POLICY,
        tagger_weights: Mapping[str, float] | None = None,
    ) -> None:
        """`tagger_weights`: the name tagger's, when not the shipped ones (an empty mapping
        turns the tagger off)."""
        regions = tuple(phone_regions)
        self.policy = policy
        addresses = _without_districts_or_prices(find_addresses)
        # These find a number, or an address or a date with one. A number goes on past a space
        # and through letters ("13AB58-B [document]": the code is a number of its own once the
        # digits after it are a placeholder), and cue words find one within a window or a
        # sentence, which a shorter span or a full stop gone with it can bring in reach
        # ("машине … instagram.com/misha.tattoo … CD4 620"). They run over a pass's output
        # only when it holds a digit or a placeholder touches a neighbour; the street addresses
        # also beside an "[address]", after which the North American postcode is looked for
        # anywhere (scrub_address_americas).
        numbers: list[Detector] = [
            find_ibans,
            _also_on_digits(find_cards),
            _also_on_digits(find_tax_ids),
            find_documents,
            find_personal_codes,
            find_cued_ids,
            find_host_ids,
            find_records,
            find_national_ids,
            find_plates,
            partial(find_birth_dates, bare_past_dates=policy.bare_past_dates),
            addresses,
            find_postal_addresses,
        ]
        # These look for a placeholder ("[address], кв 9", "[name] Лях", "[phone] ext 14"), or
        # judge a candidate by its neighbours (a phone's, a name's) or by words around it (a
        # date spelled out): they run over every pass's output.
        detectors: list[Detector] = [
            find_spelled_birth_dates,
            find_address_parts,
            find_new_country_ids_and_addresses,
            _also_on_digits(lambda text: find_phones(text, regions)),
            lambda text: find_split_phones(text, regions),
            _also_on_digits(lambda text: find_scattered_phones(text, regions)),
            find_placeholder_tails,
        ]
        self._pairs: NamePairs | None = None
        if detect_names:
            self._pairs, names = _name_detectors(policy, tagger_weights)
            detectors.extend(names)
        self._detectors = (*_WHOLE_TOKENS, *numbers, *detectors)
        self._rescan_numbers = (*numbers, *detectors)
        self._rescan = (_only_beside(ADDRESS_PLACEHOLDER, addresses), *detectors)

    def spans(self, text: str, *, rescan: bool = False) -> list[Span]:
        """The non-overlapping personal-data spans in `text`, in order; `rescan`: `text` is a
        pass's output, to be read by the detectors a placeholder may give something new."""
        detectors = self._detectors
        if rescan and _placeholders_stand_apart(text):
            detectors = self._rescan_numbers if digit_count(text) else self._rescan
        spans: list[Span] = select_spans(_all_spans(detectors, text))
        if self._pairs is not None:
            # "Ёжик і [name]", "від Малого": names found through the names found.
            more = list(self._pairs.find(text, spans))
            if more:
                spans = select_spans([*spans, *more])
            spans = places_after_names(text, spans)
        return spans

    def scrub(self, text: str) -> ScrubResult:
        # A replacement can expose a neighbour ("0AaA 010000000" -> "[name] 010000000" reads
        # as a phone), so repeat until nothing changes: this is what makes scrub idempotent.
        # The repeats ask only the detectors that a placeholder can give something new.
        counts: Counter[str] = Counter()
        for passes in range(_MAX_PASSES):
            spans = self.spans(text, rescan=passes > 0)
            if not spans:
                break
            # A span widened over a placeholder of its own kind is no new redaction.
            counts.update(span.kind for span in spans if not _widens_placeholder(text, span))
            text = _replace(text, spans)
        return ScrubResult(text, MappingProxyType(dict(counts)))


def _name_detectors(
    policy: ScrubPolicy, tagger_weights: Mapping[str, float] | None
) -> tuple[NamePairs, list[Detector]]:
    """The names found through found names, and the name detectors: the rules, then the tagger."""
    # One set of word lists and one cache of their verdicts for the rules and the tagger.
    words = NameWords(morph_analyzers())
    pairs = NamePairs(morph_analyzers(), words.classify_for_rules, words.stop_words)
    # "ya Jamshed", "pishu ot Zafara": Russian typed in Latin letters (scrub_name_translit).
    translit = TranslitNames(
        words.classify_for_rules, words.listed_as_written, words.stop_words, words.latin_ambiguous
    )
    detectors: list[Detector] = [
        _keeping_needed_words(NameDetector(morph_analyzers(), policy, words).find),
        _keeping_needed_words(names_before_honorifics),
        NameParts(morph_analyzers()).find,
        SurnamesBeforeNames(morph_analyzers()).find,
        GreekScriptNames(words.is_latin_first).find,
        _keeping_needed_words(translit.find),
    ]
    # A word is a name when the rules OR the trained tagger say so (scrub_tagger).
    weights = _shipped_weights() if tagger_weights is None else tagger_weights
    if weights:
        tagger = NameTagger(Features(morph_analyzers(), words), weights)
        detectors.append(_keeping_needed_words(tagger.find))
    return pairs, detectors


def _all_spans(detectors: Iterable[Detector], text: str) -> Iterator[Span]:
    for detector in detectors:
        yield from detector(text)


def _only_beside(placeholder: str, detector: Detector) -> Detector:
    """`detector` on a text that holds `placeholder`; nothing on another."""

    def detect(text: str) -> Iterable[Span]:
        return detector(text) if placeholder in text else ()

    return detect


def _keeping_needed_words(detector: Detector) -> Detector:
    """`detector`'s names, less those made only of words the helpline needs (a medicine) and
    other things that are no person (`not_a_person`)."""

    def detect(text: str) -> Iterator[Span]:
        for span in detector(text):
            if span.kind != "name":
                yield span
            elif not not_a_person(text, span.start, span.end):
                yield without_honorific(text, span)

    return detect


def _without_districts_or_prices(detector: Detector) -> Detector:
    """`detector`'s addresses less a district before the street ("на Троещине Закревского 61")
    and less those whose number is a price ("на náměstí за 300 Kč")."""

    def detect(text: str) -> Iterator[Span]:
        for span in detector(text):
            trimmed = trim_address(text, span.start, span.end)
            if trimmed is not None:
                yield Span(*trimmed, span.kind)

    return detect


def _also_on_digits(detector: Detector) -> Detector:
    """Run `detector` on the text and on its copy with number words and look-alikes as digits."""

    def detect(text: str) -> Iterator[Span]:
        yield from detector(text)
        normalised = normalise_numbers(text)
        if normalised is not None:
            for span in detector(normalised.text):
                start, end = normalised.original_span(span.start, span.end)
                yield Span(start, end, span.kind)

    return detect


# A look-around or a boundary reads one character beside a candidate (`scrub_regex.WORD_START`):
# past a space, or past an opening or closing mark and a space, a candidate beside a placeholder
# sees what it saw beside the words the placeholder replaced. A number goes on past a space, so
# a digit there or beyond does not stand apart ("[phone] 6600 1" may be a shorter number now).
_OPENERS = re.escape("([{«\"'“")
_CLOSERS = re.escape(",.;:!?)]}»\"'”")
_KINDS = "|".join(PRIORITY)
# Searched from its "[" (a pattern that begins with a look-behind is tried at every position).
_PLACEHOLDER_TOUCHING = re.compile(
    rf"\[(?:(?:(?<=[^\s{_OPENERS}]\[)|(?<=\d\s\[)|(?<=\S[{_OPENERS}]\[))(?:{_KINDS})\]"
    rf"|(?:{_KINDS})\](?=[^\s{_CLOSERS}]|\s\d|[{_CLOSERS}]\S))"
)


def _placeholders_stand_apart(text: str) -> bool:
    """Whether every placeholder in `text` has a space (or the text's edge) beside it, or an
    opening or closing mark with a space beyond, and no digit there."""
    return _PLACEHOLDER_TOUCHING.search(text) is None


def _widens_placeholder(text: str, span: Span) -> bool:
    return f"[{span.kind}]" in text[span.start : span.end]


def _replace(text: str, spans: list[Span]) -> str:
    parts: list[str] = []
    position = 0
    for span in spans:
        parts.append(text[position : span.start])
        parts.append(f"[{span.kind}]")
        position = span.end
    parts.append(text[position:])
    return "".join(parts)


@cache
def morph_analyzers() -> Mapping[str, MorphAnalyzer]:
    return MappingProxyType({"uk": MorphAnalyzer(lang="uk"), "ru": MorphAnalyzer(lang="ru")})


@cache
def _shipped_weights() -> Mapping[str, float]:
    return MappingProxyType(load_weights())


@cache
def get_scrubber() -> Scrubber:
    """The shared default `Scrubber`, built on first call."""
    return Scrubber()


def scrub(text: str) -> ScrubResult:
    """Replace personal data in `text` with `[kind]` placeholders; see the module docstring."""
    return get_scrubber().scrub(text)
