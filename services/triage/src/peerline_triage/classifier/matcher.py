"""Finding lexicon terms in a token stream: exact and prefix look-ups, fuzzy only as a fallback."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz import fuzz, process

from peerline_triage.classifier.lexicon import Lexicon, Ref, Term

_FUZZY_MIN_LEN = 5
_FUZZY_CUTOFF = 84.0
# English words are rarely misspelt by a letter swap that makes another word ("sharing" is not
# "shaking"), and there is no English dictionary to check against: ask for a closer match.
_FUZZY_CUTOFF_ENGLISH = 88.0
_FUZZY_MAX_LEN_DIFF = 2


_Part = tuple[int, int]  # term number (`Matcher._pairs`), word index


class Hit(NamedTuple):
    cue: int
    term: int
    positions: tuple[int, ...]


class Matcher:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.fuzzy_lookup: Callable[[str, float], str | None] = lru_cache(100_000)(self._fuzzy_lookup)
        # Terms of several words by a number: a small int hashes for free, a tuple at every look-up
        self._term_ids: dict[tuple[int, int], int] = {}
        self._pairs: list[tuple[int, int]] = []  # (cue index, term index) by term number
        self._grouped: Callable[[frozenset[Ref]], tuple[tuple[tuple[int, int], ...], tuple[_Part, ...]]] = (
            lru_cache(100_000)(self._group)
        )

    def refs_for(self, keys: frozenset[str]) -> set[Ref]:
        lex = self.lexicon
        refs: set[Ref] = set()
        for key in keys:
            found = lex.exact.get(key)
            if found:
                refs.update(found)
            for length in lex.prefix_lengths:
                if length > len(key):
                    break
                found = lex.prefix.get(key[:length])
                if found:
                    refs.update(found)
        return refs

    def _fuzzy_lookup(self, word: str, cutoff: float) -> str | None:
        """The key term a misspelt word most likely means, among terms of similar length."""
        if len(word) < _FUZZY_MIN_LEN:
            return None
        by_length = self.lexicon.fuzzy_by_length
        candidates = [
            term
            for size in range(len(word) - _FUZZY_MAX_LEN_DIFF, len(word) + _FUZZY_MAX_LEN_DIFF + 1)
            for term in by_length.get(size, ())
        ]
        best = process.extractOne(word, candidates, scorer=fuzz.ratio, score_cutoff=cutoff)
        return None if best is None else str(best[0])

    def fuzzy_refs(self, word: str, english: bool = False) -> list[Ref]:
        term = self.fuzzy_lookup(word, _FUZZY_CUTOFF_ENGLISH if english else _FUZZY_CUTOFF)
        return [] if term is None else self.lexicon.fuzzy_refs[term]

    def find(self, slots: Sequence[frozenset[Ref]]) -> list[Hit]:
        """Every cue occurrence, given for each token the (cue, term, word) slots it fills."""
        hits: list[Hit] = []
        where: dict[int, dict[int, list[int]]] = {}
        grouped = self._grouped
        for position, refs in enumerate(slots):
            if not refs:
                continue
            singles, parts = grouped(refs)
            for cue_index, term_index in singles:
                hits.append(Hit(cue_index, term_index, (position,)))
            for term_id, word in parts:
                by_word = where.get(term_id)
                if by_word is None:
                    where[term_id] = {word: [position]}
                elif word in by_word:
                    by_word[word].append(position)
                else:
                    by_word[word] = [position]
        cues = self.lexicon.cues
        pairs = self._pairs
        for term_id, by_word in where.items():
            cue_index, term_index = pairs[term_id]
            cue = cues[cue_index]
            term = cue.terms[term_index]
            if len(by_word) < len(term.words):
                continue
            match = _ordered if term.ordered else _unordered
            hits.extend(Hit(cue_index, term_index, p) for p in match(term, by_word, cue.gap, cue.window))
        # The slots are sets: without an order of its own, the same text could rank tied cues
        # differently from one process to the next (string hashes are salted per process).
        hits.sort()
        return hits

    def _group(self, refs: frozenset[Ref]) -> tuple[tuple[tuple[int, int], ...], tuple[_Part, ...]]:
        """A token's slots, split once a distinct set (the sets are cached per word): terms of
        one word are hits at once; words of longer terms wait for the rest of their term."""
        cues = self.lexicon.cues
        singles: list[tuple[int, int]] = []
        parts: list[_Part] = []
        for cue_index, term_index, word in refs:
            if len(cues[cue_index].terms[term_index].words) == 1:
                singles.append((cue_index, term_index))
            else:
                term_id = self._term_ids.setdefault((cue_index, term_index), len(self._term_ids))
                if term_id == len(self._pairs):
                    self._pairs.append((cue_index, term_index))
                parts.append((term_id, word))
        return tuple(singles), tuple(parts)


def _ordered(term: Term, by_word: dict[int, list[int]], gap: int, window: int) -> list[tuple[int, ...]]:
    found: list[tuple[int, ...]] = []
    for start in by_word[0]:
        chain = [start]
        for w in range(1, len(term.words)):
            nxt = next((p for p in by_word[w] if chain[-1] < p <= chain[-1] + gap + 1), None)
            if nxt is None:
                break
            chain.append(nxt)
        else:
            found.append(tuple(chain))
    return found


def _unordered(term: Term, by_word: dict[int, list[int]], gap: int, window: int) -> list[tuple[int, ...]]:
    found: list[tuple[int, ...]] = []
    for start in by_word[0]:
        chain = [start]
        for w in range(1, len(term.words)):
            near = [p for p in by_word[w] if abs(p - start) <= window and p not in chain]
            if not near:
                break
            chain.append(min(near, key=lambda p: abs(p - start)))
        else:
            found.append(tuple(sorted(chain)))
    return found
