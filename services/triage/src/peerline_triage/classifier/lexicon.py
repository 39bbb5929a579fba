"""Lexicons are data: YAML files in `peerline_triage/lexicons/`, compiled here into look-up tables.

Each file documents its own format at the top. In short, a cue is:

    - id: overdose.not_breathing      # unique, shown to consultants as the reason
      kind: urgency                   # urgency | topic | modifier
      label: emergency                # urgency level, topic, or modifier name
      weight: 1.0                     # evidence; 1.0 alone decides, 0.5 needs a second cue
      terms: ["не дихає", "губ* & син*"]

A term is words in order (other words may sit between, up to `gap`), or words joined by `&`
(all within `window` words, any order). A word matches any form with the same dictionary
lemma; `word*` matches forms starting with `word`; `=word` matches that exact form only;
`a|b|c` in one word's place matches any of them; `!word` matches the word only right after a
negation ("не", "not", "ne"), so "метадон & !дают" finds "метадон не дают" but not "метадон дают".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, cast

import yaml

from peerline_triage.classifier.model import (
    EMERGENCY_KINDS,
    TOPICS,
    URGENCY_LEVELS,
    CueKind,
    EmergencyKind,
    Topic,
)
from peerline_triage.classifier.morphology import Morphology, english_stem

MODIFIERS = (
    "negation",  # "не", "no", "not": cancels the cue right after it
    "hypothetical",  # "what if", "якщо": this clause is not happening now
    "prevention",  # "for the future", "just in case": the whole message is not happening now
    "distant_past",  # "a year ago": at most normal
    "recent_past",  # "yesterday", "was": an emergency becomes high
    "resolved",  # "breathing again": an earlier emergency becomes high
    "present",  # "right now": cancels hypothetical and past in its clause
    "urgent",  # "srochno", "help!": tips borderline evidence upwards
    "soon",  # "today", "tomorrow": tips borderline high evidence upwards
    "closing",  # "thanks, nothing needed": normal becomes low
    "clause_break",  # "but", "але": starts a new clause
    "reported",  # "in the news", "just sharing": the whole message is second-hand, at most normal
    "benign",  # "cramps in the legs", "nosebleed", "tolerance dropped": the cue next to it is harmless
    "use_context",  # "вмазался", "after salts": drug use just now; tips weak danger signs upwards
)
Ref = tuple[int, int, int]  # cue index, term index, word index


class LexiconError(ValueError):
    """A lexicon file a person edited does not follow the format."""


@dataclass(frozen=True, slots=True)
class Term:
    words: tuple[str, ...]
    ordered: bool
    negated: bool = False  # holds a `!word`: a negation before it is part of the term, no veto


@dataclass(frozen=True, slots=True)
class Cue:
    id: str
    kind: CueKind
    label: str
    weight: float
    terms: tuple[Term, ...]
    topics: tuple[Topic, ...] = ()
    emergency_kind: EmergencyKind | None = None
    scope: str = "clause"
    gap: int = 1
    window: int = 5
    fuzzy: bool = True
    immune_to: frozenset[str] = frozenset()  # modifiers that do not lower this cue
    reach: int | None = None  # modifiers: how many words away they act (default: scoring's reach)

    def needs_negation(self, term: int) -> bool:
        """Whether a term asks for a negated word itself (then a negation before it is no veto)."""
        return self.terms[term].negated


@dataclass
class Lexicon:
    """All cues with indexes from word keys to the (cue, term, word) slots they can fill."""

    cues: list[Cue]
    exact: dict[str, list[Ref]] = field(default_factory=lambda: defaultdict(list))
    prefix: dict[str, list[Ref]] = field(default_factory=lambda: defaultdict(list))
    prefix_lengths: tuple[int, ...] = ()
    fuzzy_by_length: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    fuzzy_refs: dict[str, list[Ref]] = field(default_factory=lambda: defaultdict(list))
    clause_breakers: frozenset[str] = frozenset()
    negators: frozenset[str] = frozenset()

    @classmethod
    def load(cls, morphology: Morphology, package: str = "peerline_triage") -> Lexicon:
        folder = resources.files(package).joinpath("lexicons")
        cues: list[Cue] = []
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".yaml"):
                data = yaml.safe_load(entry.read_text(encoding="utf-8")) or {}
                cues.extend(parse_cues(data.get("cues", []), entry.name))
        return cls.compile(cues, morphology)

    @classmethod
    def compile(cls, cues: list[Cue], morphology: Morphology) -> Lexicon:
        ids = [cue.id for cue in cues]
        if len(ids) != len(set(ids)):
            raise LexiconError(f"duplicate cue ids: {sorted({i for i in ids if ids.count(i) > 1})}")
        lexicon = cls(cues)
        for c, cue in enumerate(cues):
            for t, term in enumerate(cue.terms):
                for w, word in enumerate(term.words):
                    for alternative in word.split("|"):
                        lexicon._index(alternative, (c, t, w), cue.fuzzy, morphology)
        lexicon.prefix_lengths = tuple(sorted({len(p) for p in lexicon.prefix}))
        lexicon.clause_breakers = _single_words(cues, "clause_break")
        lexicon.negators = _single_words(cues, "negation")
        return lexicon

    def _index(self, word: str, ref: Ref, fuzzy: bool, morphology: Morphology) -> None:
        if word.startswith("!"):  # the word after a negation: its keys carry a "!" mark
            for key in self._keys_of(word[1:], morphology):
                target = self.prefix if key.endswith("*") else self.exact
                target["!" + key.rstrip("*")].append(ref)
            return
        if word.startswith("=") or "-" in word:
            self.exact[word.lstrip("=")].append(ref)
        elif word.endswith("*"):
            self.prefix[word[:-1]].append(ref)
        else:
            keys = morphology.lemma_keys(word) if not _is_latin(word) else {word, english_stem(word)}
            for key in keys:
                self.exact[key].append(ref)
            if fuzzy and len(word) >= 5:
                self.fuzzy_by_length[len(word)].append(word)
                self.fuzzy_refs[word].append(ref)

    @staticmethod
    def _keys_of(word: str, morphology: Morphology) -> set[str]:
        if word.startswith("=") or word.endswith("*") or "-" in word:
            return {word.lstrip("=")}
        return set(morphology.lemma_keys(word)) if not _is_latin(word) else {word, english_stem(word)}


def _single_words(cues: Iterable[Cue], label: str) -> frozenset[str]:
    """The one-word terms of a modifier (clause breakers, negation particles), without marks."""
    return frozenset(
        word.lstrip("=")
        for cue in cues
        if cue.kind == "modifier" and cue.label == label
        for term in cue.terms
        if len(term.words) == 1
        for word in term.words[0].split("|")
    )


def _is_latin(word: str) -> bool:
    return any("a" <= ch <= "z" for ch in word)


def parse_cues(raw: Iterable[Any], source: str) -> list[Cue]:
    return [_parse_cue(item, source) for item in raw]


def _parse_cue(item: Any, source: str) -> Cue:
    if not isinstance(item, Mapping) or "id" not in item:
        raise LexiconError(f"{source}: every cue needs an `id`: {item!r}")
    where = f"{source}: cue {item['id']!r}"
    kind = str(item.get("kind"))
    label = str(item.get("label", ""))
    allowed: Mapping[str, tuple[str, ...]] = {
        "urgency": URGENCY_LEVELS,
        "topic": TOPICS,
        "modifier": MODIFIERS,
    }
    if kind not in allowed:
        raise LexiconError(f"{where}: kind must be urgency, topic or modifier")
    if label not in allowed[kind]:
        raise LexiconError(f"{where}: label {label!r} is not one of {allowed[kind]}")
    topics = tuple(item.get("topics", ()))
    if bad := [t for t in topics if t not in TOPICS]:
        raise LexiconError(f"{where}: unknown topics {bad}")
    kind_of_emergency = item.get("emergency_kind")
    if kind_of_emergency is not None and kind_of_emergency not in EMERGENCY_KINDS:
        raise LexiconError(f"{where}: unknown emergency_kind {kind_of_emergency!r}")
    terms = tuple(_parse_term(str(t)) for t in item.get("terms", ()))
    if not terms:
        raise LexiconError(f"{where}: no terms")
    return Cue(
        id=str(item["id"]),
        kind=cast(CueKind, kind),
        label=label,
        weight=float(item.get("weight", 1.0)),
        terms=terms,
        topics=cast(tuple[Topic, ...], topics),
        emergency_kind=cast(EmergencyKind | None, kind_of_emergency),
        scope=str(item.get("scope", "clause")),
        gap=int(item.get("gap", 1)),
        window=int(item.get("window", 5)),
        fuzzy=bool(item.get("fuzzy", True)),
        reach=int(item["reach"]) if "reach" in item else None,
        immune_to=_immune_to(item.get("immune_to", ()), where),
    )


def _immune_to(labels: Iterable[Any], where: str) -> frozenset[str]:
    found = frozenset(str(label) for label in labels)
    if bad := sorted(found - set(MODIFIERS)):
        raise LexiconError(f"{where}: immune_to names unknown modifiers {bad}")
    return found


def _parse_term(text: str) -> Term:
    text = text.lower().replace("ё", "е").replace("’", "'")
    if "&" in text:
        parts = tuple(part.strip() for part in text.split("&") if part.strip())
        if any(" " in part for part in parts):
            raise LexiconError(f"term {text!r}: each side of `&` must be one word (a|b|c)")
        return Term(parts, False, "!" in text)
    return Term(tuple(text.split()), True, "!" in text)
