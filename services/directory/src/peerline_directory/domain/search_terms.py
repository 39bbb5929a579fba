"""From what a consultant types to a full-text query, in any of uk / ru / en.

Search has no stemmer that knows Ukrainian and Russian, so words are matched by prefix (long
words lose their last two letters: "Одесі" and "Одеса" meet at "Одес"), and words that name a
kind of service ("метадон", "ЗПТ", "OST", "ВІЛ") also match that kind's hidden token, so a
Ukrainian query finds an entry written in Russian.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from peerline_directory.domain.helpservices import kind_token

WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 12
Synonyms = Mapping[str, Sequence[str]]
"""kind -> casefolded words or word stems that name it."""


@dataclass(frozen=True)
class QueryTerms:
    prefixes: tuple[str, ...]
    kinds: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not self.prefixes and not self.kinds


def words_of(text: str) -> list[str]:
    return [word for word in WORD.findall(text.casefold()) if len(word) >= 2][:MAX_WORDS]


def stem(word: str) -> str:
    return word[:-2] if len(word) >= 6 else word


def names_kind(word: str, names: Sequence[str]) -> bool:
    # Short names ("ост", "hiv", "тб") must match whole words; longer ones match as stems.
    return any(word == name or (len(name) >= 4 and word.startswith(name)) for name in names)


def kinds_named(words: Sequence[str], synonyms: Synonyms) -> tuple[str, ...]:
    return tuple(kind for kind, names in synonyms.items()
                 if any(names_kind(word, names) for word in words))


def parse_query(text: str, synonyms: Synonyms) -> QueryTerms:
    words = words_of(text)
    prefixes = tuple(dict.fromkeys(stem(word) for word in words))
    return QueryTerms(prefixes, kinds_named(words, synonyms))


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def fts5_match(terms: QueryTerms) -> str:
    """An FTS5 MATCH expression: any word (as a prefix) or any named kind; bm25 ranks."""
    parts = [f"{_quoted(prefix)}*" for prefix in terms.prefixes]
    parts += [_quoted(kind_token(kind)) for kind in terms.kinds]
    return " OR ".join(parts)


def tsquery(terms: QueryTerms) -> str:
    """A PostgreSQL `to_tsquery('simple', …)` text with the same meaning as `fts5_match`."""
    def lexeme(word: str) -> str:
        return "'" + word.replace("'", "''").replace("\\", "") + "'"

    parts = [f"{lexeme(prefix)}:*" for prefix in terms.prefixes]
    parts += [lexeme(kind_token(kind)) for kind in terms.kinds]
    return " | ".join(parts)
