"""A trained token tagger for personal names, run beside the hand-written name rules.

The rules (`scrub_names`) decide from a few cues each; the tagger weighs many at once: the
word itself, its ending, its case, what the dictionaries and name lists say of it, and the
same of its neighbours, the punctuation around it and whether a digit comes before it. It is
a linear model (an averaged perceptron, `scrub_tagger_train`), its weights a small text file
shipped in `data/`. A word is part of a name when its score is above zero; a token is
removed when the rules OR the tagger say so.

Speed: only candidates are scored, words in capitals or with a capital first letter and
lower-case words the dictionaries or lists read as a given name or surname; the rest of a
message (most of it) are never names to the tagger, in training as in use. Every word's own
part of the score is computed once and cached; a candidate whose own score is below that of
all but 1 % of the words the model tagged in its training (`GATE`, learnt with the weights)
is not looked at further.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator, Mapping
from importlib.resources import files
from itertools import repeat
from typing import NamedTuple

from pymorphy3 import MorphAnalyzer

from peerline_shared.privacy import scrub_name_cues as cues
from peerline_shared.privacy.scrub_kept_words import named_institution
from peerline_shared.privacy.scrub_name_words import CYRILLIC, NameWords, WordInfo, languages
from peerline_shared.privacy.scrub_regex import Anchored
from peerline_shared.privacy.scrub_spans import Span

WEIGHTS_FILE = "name_tagger.tsv.gz"
# A run of letters, with inner apostrophes and hyphens: cheaper than the name rules' `WORD`,
# which also refuses letters glued to digits (the tagger's features see the digit anyway).
_TOKEN = re.compile(r"[^\W\d_][^\W\d_]*(?:['’ʼ-][^\W\d_]+)*")
GATE = "<gate>"  # the entry of the weights file that holds the lowest own score worth scoring
_SENTENCE_END = frozenset(".!?…\n")
_CACHE_LIMIT = 50_000
_NO_WEIGHTS = repeat(0.0)  # the default of every weight looked up


class Reading(NamedTuple):
    """What is known of a word out of context; made once per distinct word."""

    lower: str
    shape: str  # "title", "caps", "lower" or "other"
    key: str  # the dictionaries' verdict in letters: F given name, S surname, U unknown…
    # Capitalised, or in lower case read as a given name or surname: only these are scored.
    candidate: bool


class Words(NamedTuple):
    spans: list[tuple[int, int]]
    readings: list[Reading]


def shape_of(word: str) -> str:
    if len(word) > 1 and word.isupper():
        return "caps"
    if word[0].isupper():
        return "title"
    return "lower" if word.islower() else "other"


def info_key(info: WordInfo) -> str:
    flags = (
        ("F", info.first),
        ("S", info.surname),
        ("C", info.common),
        ("U", info.unknown),
        ("B", info.blocked),
        ("P", info.place),
        ("G", info.guessed),
        ("O", info.ordinary),
    )
    return "".join(letter for letter, on in flags if on) or "-"


class Features:
    """The feature names of words; shared by training and tagging so that they cannot drift."""

    def __init__(self, analyzers: Mapping[str, MorphAnalyzer], names: NameWords | None = None) -> None:
        self._analyzers = analyzers
        self._names = names or NameWords(analyzers)
        self._own: dict[tuple[str, tuple[str, ...]], tuple[str, list[str]]] = {}
        self._readings: dict[tuple[str, ...], dict[str, Reading]] = {}

    def words(self, text: str, langs: tuple[str, ...]) -> Words:
        known = self._readings.get(langs)
        if known is None or len(known) > _CACHE_LIMIT:
            known = self._readings[langs] = {}
        spans, readings = [], []
        for match in _TOKEN.finditer(text):
            word = match.group()
            reading = known.get(word)
            if reading is None:
                reading = known[word] = self._reading(word, langs)
            spans.append(match.span())
            readings.append(reading)
        return Words(spans, readings)

    def _reading(self, word: str, langs: tuple[str, ...]) -> Reading:
        shape = shape_of(word)
        key = self.own(word, langs)[0]
        if shape != "lower":
            candidate = True
        elif CYRILLIC.search(word):  # as the rules: not "кумар", not a word with another reading
            ordinary = "O" in key or word in self._names.cyrillic_ambiguous
            candidate = ("F" in key or "S" in key) and not ordinary
        else:  # in lower case a Latin word only by the list itself ("beers" keys to a name)
            candidate = self._names.is_listed_latin_first(word)
        return Reading(word.lower(), shape, key, candidate)

    def own(self, word: str, langs: tuple[str, ...]) -> tuple[str, list[str]]:
        """The word's dictionary key and the features that depend on the word alone."""
        cached = self._own.get((word, langs))
        if cached is None:
            if len(self._own) > _CACHE_LIMIT:
                self._own.clear()
            cached = self._own[(word, langs)] = self._own_features(word, langs)
        return cached

    def _own_features(self, word: str, langs: tuple[str, ...]) -> tuple[str, list[str]]:
        lower = word.lower()
        shape = shape_of(word)
        info = self._names.classify(word if shape == "title" else word.capitalize(), langs)
        key = info_key(info)
        script = "cyr" if CYRILLIC.search(word) else "lat"
        features = [
            "bias",
            f"w={lower}",
            f"s2={lower[-2:]}",
            f"s3={lower[-3:]}",
            f"s4={lower[-4:]}",
            f"shape={shape}",
            f"k={key}",
            f"k|shape={key}|{shape}",
            f"script|shape={script}|{shape}",
            f"len={min(len(word), 12)}",
        ]
        if self._names.bare_given_name(word, info):
            features.append(f"bare|shape={shape}")
        if lower in self._names.stop_words:
            features.append("stop")
        if lower in self._names.cyrillic_ambiguous or lower in self._names.latin_ambiguous:
            features.append("ambiguous")
        if script == "cyr":
            features.extend(self._morphology(lower, langs))
        return key, features

    def _morphology(self, lower: str, langs: tuple[str, ...]) -> list[str]:
        parse = self._analyzers[langs[0]].parse(lower)[0]
        tag = parse.tag
        grammemes = sorted(g for g in ("Name", "Surn", "Patr", "Geox", "Orgn", "Abbr") if g in tag)
        return [
            f"pos={tag.POS}",
            f"case={tag.case}",
            f"pos|g={tag.POS}|{'+'.join(grammemes)}",
            f"score={min(int(parse.score * 4), 3)}|{'+'.join(grammemes)}",
        ]


def context_features(text: str, words: Words, index: int) -> list[str]:
    """One feature per template of `CONTEXT_TEMPLATES`, in that order."""
    spans, readings = words
    start, end = spans[index]
    word = readings[index]
    prev = readings[index - 1] if index > 0 else None
    before = readings[index - 2] if index > 1 else None
    last = index + 1 == len(spans)
    after = None if last else readings[index + 1]
    gap = _gap_before(text, spans[index - 1][1] if prev else max(0, start - 3), start)
    next_gap = _gap_after(text, end, min(len(text), end + 3) if last else spans[index + 1][0])
    return [
        f"p={prev.lower if prev else '<s>'}",
        f"pp={before.lower if before else '<s>'}",
        f"n={after.lower if after else '</s>'}",
        f"pk={prev.key if prev else '<s>'}|{word.key}",
        f"nk={word.key}|{after.key if after else '</s>'}",
        f"ps={prev.shape if prev else '<s>'}|{word.shape}",
        f"ns={word.shape}|{after.shape if after else '</s>'}",
        f"gap={gap}|{word.shape}",
        f"ngap={next_gap}",
        f"start={_sentence_start(text, start)}|{word.shape}|{word.key}",
        f"pkk={prev.lower if prev else '<s>'}|{word.key}",
    ]


def _gap_before(text: str, start: int, end: int) -> str:
    """The last mark before a word that is not a space: "d" a digit, "_" only spaces."""
    gap = text[start:end].rstrip()
    if not gap:
        return "_" if start < end else "0"
    return "d" if gap[-1].isdigit() else gap[-1]


def _gap_after(text: str, start: int, end: int) -> str:
    gap = text[start:end].lstrip()
    if not gap:
        return "_" if start < end else "0"
    return "d" if gap[0].isdigit() else gap[0]


def _sentence_start(text: str, position: int) -> bool:
    index = position - 1
    while index >= 0 and text[index] in " \t\"'«“„([—–-":
        index -= 1
    return index < 0 or text[index] in _SENTENCE_END


def load_weights(name: str = WEIGHTS_FILE) -> dict[str, float]:
    data = files("peerline_shared.privacy").joinpath("data", name).read_bytes()
    weights = {}
    for line in gzip.decompress(data).decode("utf-8").splitlines():
        feature, _, value = line.rpartition("\t")
        weights[feature] = float(value)
    return weights


class NameTagger:
    def __init__(self, features: Features, weights: Mapping[str, float]) -> None:
        self._features = features
        self._weights = dict(weights)
        self._gate = self._weights.pop(GATE, float("-inf"))
        self._own_scores: dict[tuple[str, tuple[str, ...]], float] = {}

    def find(self, text: str) -> Iterator[Span]:
        langs = languages(text)
        words = self._features.words(text, langs)
        runs: list[list[int]] = []
        places = _Places(text)
        for index, reading in enumerate(words.readings):
            # A listed place or non-name ("B") is never a name to the tagger either: the lists
            # are where people put what a model would have to learn from too few examples.
            if not reading.candidate or "B" in reading.key or not self._is_name(text, words, index, langs):
                if places.end >= 0 or "P" in reading.key:  # else `note` changes nothing (most words)
                    places.note(words, index)
                continue
            start, end = words.spans[index]
            if runs and text[runs[-1][1] : start] in (" ", "-"):
                runs[-1][1] = end
            elif places.is_place(words, index, reading) or _translit_lower(text, reading):
                places.note(words, index, place=True)
            else:
                runs.append([start, end])
        if not runs:
            return
        triggers = cues.Triggers(text)
        for start, end in runs:
            # "вул. Гоголя", "on Pearse Street": a street; "Victoria station": a place.
            if triggers.cue(start) != "street" and not named_institution(text, start, end):
                yield Span(start, end, "name")

    def _is_name(self, text: str, words: Words, index: int, langs: tuple[str, ...]) -> bool:
        start, end = words.spans[index]
        own = self._own_score(text[start:end], langs)
        if own < self._gate:
            return False
        # map, not a generator: the same sum in the same order, without a frame per feature
        return own + sum(map(self._weights.get, context_features(text, words, index), _NO_WEIGHTS)) > 0

    def score(self, text: str, words: Words, index: int, langs: tuple[str, ...]) -> tuple[float, float]:
        """The word's own score and what its context adds."""
        start, end = words.spans[index]
        context = sum(self._weights.get(f, 0.0) for f in context_features(text, words, index))
        return self._own_score(text[start:end], langs), context

    def _own_score(self, word: str, langs: tuple[str, ...]) -> float:
        score = self._own_scores.get((word, langs))
        if score is None:
            if len(self._own_scores) > _CACHE_LIMIT:
                self._own_scores.clear()
            _, features = self._features.own(word, langs)
            score = self._own_scores[(word, langs)] = sum(self._weights.get(f, 0.0) for f in features)
        return score


_ENGLISH = Anchored(
    re.compile(
        r"(?i)(?<![\w])(?:my|me|i|is|the|and|her|his|with|from|to|of|in|about|this|its|name|name's)(?![\w])"
    )
)


def _translit_lower(text: str, reading: Reading) -> bool:
    """A lower-case Latin word in a message with no English word around it is as often
    transliterated Russian ("v grudi davit": presses) as a name: left to the rules' cues."""
    latin_lower = reading.shape == "lower" and not CYRILLIC.search(reading.lower)
    return latin_lower and not _ENGLISH.search(text)


_LONGEST_LIST_GAP = 16
_LIST_END = re.compile(r"[ \t]*(?:[.;!?\n]|$)")


class _Places:
    """Where a place was last seen: after "у"/"з"/"from", or in a list that follows a place
    ("з Бучі, Ірпеня, Обухова"), a word the tagger takes is a town unless a given name."""

    def __init__(self, text: str) -> None:
        self._text = text
        self.end = -1

    def note(self, words: Words, index: int, *, place: bool = False) -> None:
        start, end = words.spans[index]
        # A capitalised word the tagger left, in a list that follows a place, carries the list
        # on ("з Бучі, Ірпеня, Обухова, Василькова").
        listed = self._in_list(start) and self._text[start].isupper()
        if place or listed or "P" in words.readings[index].key:
            self.end = end

    def _in_list(self, start: int) -> bool:
        # A list's gap ("; ", " та ", ", or ") is short: most words are far from the last place.
        near = self.end >= 0 and start - self.end <= _LONGEST_LIST_GAP
        return near and bool(cues.LIST_GAP.fullmatch(self._text, self.end, start))

    def is_place(self, words: Words, index: int, reading: Reading) -> bool:
        start, end = words.spans[index]
        in_list = self._in_list(start)
        if "F" in reading.key and "-" not in reading.lower:  # "Тель-Авив": "Тель" reads as a name
            # "…Обухова, Василькова.": a word that also reads as a given name closing a list
            # of places is one more place; "…у Познані, Паша з Житомира" is a person.
            return in_list and bool(_LIST_END.match(self._text, end))
        if cues.after_place_preposition(self._text, start):
            return True
        return in_list
