"""The learned signal: a linear model over word and character n-grams that scores how much a
message resembles the labelled emergencies. Pure Python at run time (a dict lookup per n-gram);
scikit-learn is needed only to build it (`peerline triage train`, see `peerline_triage.training`).

The model file is JSON (no pickle: loading it runs no code), with its format version, the
SHA-256 of the labelled data it was built from, the tier thresholds and, per n-gram, its
inverse document frequency and weight. A file that is missing, unreadable or inconsistent
raises `ModelError`; the caller decides whether to fall back to the lexicons alone.
"""

from __future__ import annotations

import gzip
import itertools
import json
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from peerline_triage.classifier.text import normalise

FORMAT = "peerline-triage-model/1"
_WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*|\d+")
CHAR_SIZES = (2, 3, 4, 5)
NEGATIONS = frozenset({"не", "ні", "нє", "нет", "ни", "not", "no", "never", "cant", "ne", "ni", "net"})


_NOT_META = frozenset({"format", "tiers", "intercepts", "ngrams"})


class ModelError(Exception):
    """The model file cannot be used (missing, corrupt, or of an unknown format)."""


def ngrams(text: str) -> list[str]:
    """Word unigrams and bigrams (`w:`) and character 2-5-grams inside each padded word (`c:`):
    the character n-grams carry a word's stem through Ukrainian and Russian endings, typos and
    transliteration, which a vocabulary of whole words would miss on a new writer. A word right
    after a negation ("не дихає", "not breathing") has character n-grams of its own (`c!:`), so
    that "дихає" in "вже дихає" does not borrow the weight of "не дихає"."""
    words = text_words(text)
    out = _word_grams(words)
    for word, negated in _with_negation(words):
        out.extend(_char_grams(word, negated))
    return out


def text_words(text: str) -> list[str]:
    """The words and numbers the model reads (`text.model_words` finds the same in tokens)."""
    words: list[str] = _WORD.findall(normalise(text))
    return words


def _word_grams(words: list[str]) -> list[str]:
    return [*(f"w:{w}" for w in words), *(f"w:{a} {b}" for a, b in itertools.pairwise(words))]


def _with_negation(words: list[str]) -> list[tuple[str, bool]]:
    return [(word, i > 0 and words[i - 1] in NEGATIONS) for i, word in enumerate(words)]


@lru_cache(maxsize=100_000)
def _char_grams(word: str, negated: bool) -> tuple[str, ...]:
    prefix = "c!:" if negated else "c:"
    padded = f" {word} "
    return tuple(
        prefix + padded[i : i + size] for size in CHAR_SIZES for i in range(len(padded) - size + 1)
    )


@dataclass(frozen=True, slots=True)
class Tiers:
    """Score thresholds of the two emergency tiers, calibrated on held-out training voices.

    - possible: the model alone at or above this makes a message a (possible) emergency;
    - agree: a lexicon emergency is certain when the model is at or above this;
    - strong: the model alone at or above this is certain too (inf: never);
    - high: the second head (P(high or emergency)) at or above this lifts normal or low to high.
    """

    possible: float
    agree: float
    strong: float
    high: float = float("inf")
    topic: float = float("inf")  # the topic head leads at or above this


# A text's known n-grams (rows of the model, ascending) and their sub-linear tf-idf.
Features = tuple[npt.NDArray[np.intp], npt.NDArray[np.float64]]
# A batch's rows and tf-idf, text after text, and where each text starts (and the last ends).
Counted = tuple[npt.NDArray[np.intp], npt.NDArray[np.float64], list[int]]


@dataclass(frozen=True, slots=True)
class Assessment:
    emergency: float  # P(emergency)
    high: float  # P(high or emergency)
    topic: str | None  # the topic head's main topic (None: no topic head)
    topic_probability: float
    # what the scores were computed from, for `strongest` (None: no known n-gram)
    features: Features | None = field(default=None, compare=False, repr=False)


class LearnedModel:
    def __init__(
        self,
        weights: dict[str, tuple[float, ...]],
        intercepts: tuple[float, ...],
        tiers: Tiers,
        meta: dict[str, Any],
    ) -> None:
        # n-gram -> (idf, weight towards emergency, towards high-or-emergency, towards each topic
        # of meta["topic_heads"] in order); intercepts in the same order, without the idf
        self._weights = weights
        self._intercepts = np.array(intercepts, dtype=np.float64)
        self.topic_heads: tuple[str, ...] = tuple(meta.get("topic_heads", ()))
        if any(len(w) != len(intercepts) + 1 for w in weights.values()) or len(intercepts) != 2 + len(
            self.topic_heads
        ):
            raise ModelError("triage model's weights, intercepts and heads do not line up")
        self.tiers = tiers
        self.meta = meta
        self._grams = list(weights)
        self._index = {gram: row for row, gram in enumerate(self._grams)}
        table = np.array(list(weights.values()), dtype=np.float64)
        self._idf = table[:, 0].copy()
        self._coefs = table[:, 1:].copy()  # one column a head
        self._known_rows = lru_cache(maxsize=100_000)(self._known)

    @property
    def version(self) -> str:
        return str(self.meta.get("version", "unknown"))

    def score(self, text: str) -> float:
        """P(emergency); see `assess`."""
        return self.assess(text).emergency

    def scores(self, text: str) -> tuple[float, float]:
        """P(emergency) and P(high or emergency); see `assess`."""
        found = self.assess(text)
        return found.emergency, found.high

    def assess(self, text: str) -> Assessment:
        """Every head as the trained logistic regressions compute it: sub-linear tf-idf,
        L2-normalised, dotted with each head's weights (topics one-vs-rest, normalised to sum
        to 1 as scikit-learn does). The same n-grams as `ngrams`, as row numbers; each word's
        known character n-grams are looked up once per process (words repeat)."""
        return self.assess_many([text])[0]

    def assess_many(
        self, texts: Sequence[str], words: Sequence[Sequence[str]] | None = None
    ) -> list[Assessment]:
        """`assess` of each text, with a fixed number of NumPy calls for the whole batch (on
        vectors of 100-200 n-grams a call's fixed cost outweighs its arithmetic): one count of
        n-grams, one tf-idf, one sum a head of each message's n-grams (`np.add.reduceat` over
        the messages' runs of rows), one sigmoid. The scores are those of a dot product a
        message up to the order of the additions (a few units in the 16th figure). `words`:
        each text's `text_words`, when the caller has them already."""
        counted = self._counted(texts, words)
        features: list[Features | None] = [None] * len(texts)
        if counted is None:
            logits = np.tile(self._intercepts, (len(texts), 1))
        else:
            rows, values, bounds = counted
            spans = enumerate(itertools.pairwise(bounds))
            runs = [(i, start, end) for i, (start, end) in spans if end > start]
            starts = [start for _, start, _ in runs]
            norms = np.sqrt(np.add.reduceat(values * values, starts))
            sums = np.add.reduceat(self._coefs[rows] * values[:, None], starts, axis=0) / norms[:, None]
            if len(runs) == len(texts):
                logits = sums + self._intercepts  # as `intercepts + sums`: addition commutes exactly
            else:
                logits = np.tile(self._intercepts, (len(texts), 1))
                logits[[i for i, _, _ in runs]] += sums
            for i, start, end in runs:
                features[i] = (rows[start:end], values[start:end])
        # np.clip and ndarray.sum through their ufuncs: the same numbers without the wrappers'
        # Python, which cost more than their arithmetic on a few rows
        heads = 1.0 / (1.0 + np.exp(-np.minimum(np.maximum(logits, -500.0), 500.0)))
        if not self.topic_heads:
            return [Assessment(h[0], h[1], None, 0.0, found)
                    for h, found in zip(heads.tolist(), features, strict=True)]
        topics = heads[:, 2:] / np.add.reduce(heads[:, 2:], axis=1, keepdims=True)
        best = topics.argmax(axis=1)
        return [
            Assessment(h[0], h[1], self.topic_heads[b], t[b], found)
            for h, t, b, found in zip(heads.tolist(), topics.tolist(), best.tolist(), features, strict=True)
        ]

    def strongest(
        self, text: str, limit: int = 3, head: str = "emergency", assessed: Assessment | None = None
    ) -> tuple[str, ...]:
        """The n-grams that pushed a head's score up most, as a consultant reads them.
        `assessed`: this text's assessment, whose n-grams are then not counted again."""
        found = assessed.features if assessed is not None else self._tf_idf(text)
        if found is None:
            return ()
        rows, values = found
        column = 1 if head == "high" else 2 + self.topic_heads.index(head) if head in self.topic_heads else 0
        pushes = values * self._coefs[rows, column]
        order = np.argsort(-pushes, kind="stable")
        top = order[pushes[order] > 0][: limit * 8]  # enough to find `limit` distinct words
        grams = self._grams
        return _readable([grams[row] for row in rows[top].tolist()], limit)

    def _tf_idf(self, text: str) -> Features | None:
        """The rows of the n-grams in `text` the model knows, and their sub-linear tf-idf."""
        return self._tf_idf_many([text])[0]

    def _tf_idf_many(self, texts: Sequence[str]) -> list[Features | None]:
        """`_tf_idf` of each text."""
        counted = self._counted(texts)
        if counted is None:
            return [None] * len(texts)
        rows, values, bounds = counted
        return [
            (rows[start:end], values[start:end]) if end > start else None
            for start, end in itertools.pairwise(bounds)
        ]

    def _counted(self, texts: Sequence[str], words: Sequence[Sequence[str]] | None = None) -> Counted | None:
        """The batch's known n-grams counted in one `np.unique`: each text's rows offset by its
        position times the vocabulary, so they sort and count apart. The rows and tf-idf of
        every text one after the other, text i's from `bounds[i]` to `bounds[i + 1]`; None
        when no text has a known n-gram."""
        width = len(self._grams)
        keys: list[int] = []
        for position, text in enumerate(texts):
            rows = self._rows(text_words(text) if words is None else words[position])
            if position:
                offset = position * width
                rows = [row + offset for row in rows]
            keys += rows
        if not keys:
            return None
        found, counts = _unique_counts(np.array(keys, dtype=np.intp))
        if len(texts) == 1:
            rows_, bounds = found, [0, len(found)]
        else:
            positions, rows_ = np.divmod(found, width)
            bounds = np.searchsorted(positions, np.arange(len(texts) + 1)).tolist()
        return rows_, self._idf[rows_] * (1.0 + np.log(counts)), bounds

    def _rows(self, words: Sequence[str]) -> list[int]:
        """The rows of `ngrams(text)` the model knows (`words`: its `text_words`), in no
        particular order (counted later)."""
        index = self._index
        rows = [row for a, b in itertools.pairwise(words) if (row := index.get(f"w:{a} {b}")) is not None]
        negated = False
        for word in words:
            rows += self._known_rows(word, negated)
            negated = word in NEGATIONS
        return rows

    def _known(self, word: str, negated: bool) -> tuple[int, ...]:
        """The rows of a word's unigram and character n-grams."""
        index = self._index
        grams = (f"w:{word}", *_char_grams(word, negated))
        return tuple(index[gram] for gram in grams if gram in index)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            **self.meta,
            "tiers": {
                "possible": self.tiers.possible,
                "agree": self.tiers.agree,
                "strong": self.tiers.strong,
                "high": self.tiers.high,
                "topic": self.tiers.topic,
            },
            "intercepts": [float(v) for v in self._intercepts],
            "ngrams": {gram: list(weights) for gram, weights in sorted(self._weights.items())},
        }

    @classmethod
    def from_json(cls, data: Any) -> LearnedModel:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            found = data.get("format") if isinstance(data, dict) else type(data).__name__
            raise ModelError(f"not a triage model of format {FORMAT} (found {found!r})")
        try:
            tiers = Tiers(**{k: float(v) for k, v in data["tiers"].items()})
            weights = {str(g): tuple(float(x) for x in v) for g, v in data["ngrams"].items()}
            intercepts = tuple(float(x) for x in data["intercepts"])
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise ModelError(f"triage model is incomplete: {exc!r}") from exc
        if not weights:
            raise ModelError("triage model has no n-grams")
        meta = {k: v for k, v in data.items() if k not in _NOT_META}
        return cls(weights, intercepts, tiers, meta)

    @classmethod
    def read(cls, path: Path) -> LearnedModel:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise ModelError(f"triage model {path} cannot be read: {exc.strerror or exc}") from exc
        try:
            data = json.loads(gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw)
        except (OSError, EOFError, ValueError, zlib.error) as exc:
            raise ModelError(f"triage model {path} is corrupt: {exc}") from exc
        return cls.from_json(data)


def dumps(model: LearnedModel) -> bytes:
    """The model file's bytes: gzip of sorted, compact JSON, with no timestamp inside (the
    same model gives the same bytes)."""
    text = json.dumps(model.to_json(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def _unique_counts(keys: npt.NDArray[np.intp]) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """`np.unique(keys, return_counts=True)` (the same arrays) without its Python layers,
    which cost more than its sort on a message's 100-200 n-grams. `keys` is sorted in place."""
    keys.sort()
    first = np.empty(len(keys), dtype=bool)
    first[:1] = True
    np.not_equal(keys[1:], keys[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    return keys[starts], np.diff(starts, append=len(keys))


def _readable(grams: list[str], limit: int) -> tuple[str, ...]:
    """The strongest n-grams as a consultant reads them: whole words first, no repeats."""
    words = [g[2:] for g in grams if g.startswith("w:")]
    chars = [g.split(":", 1)[1].strip() for g in grams if g.startswith("c")]
    chars = [c for c in chars if len(c) >= 3]
    out: list[str] = []
    for item in words + chars:
        if item and not any(item in seen for seen in out):
            out.append(item)
        if len(out) >= limit:
            break
    return tuple(out)
