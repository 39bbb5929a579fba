"""Which self-help articles a waiting client is offered: pure, no I/O.

Never for an emergency (first aid comes first). Only articles in the client's language that
share a topic with what triage found; an article for one country only where the client said
they are (an unknown place gets the articles meant for everywhere). Best first: the main topic
(triage lists it first), then more shared topics, then the client's own country, then the
newest."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, TypeVar

MAX_SUGGESTIONS = 3


class Suggestible(Protocol):
    @property
    def lang(self) -> str: ...
    @property
    def topics(self) -> Sequence[str]: ...
    @property
    def country(self) -> str | None: ...
    @property
    def updated_at(self) -> datetime | None: ...
    @property
    def title(self) -> str: ...


A = TypeVar("A", bound=Suggestible)


@dataclass(frozen=True)
class Waiting:
    """What is known of the client who waits (no identity: topics, language, place)."""

    topics: tuple[str, ...]
    lang: str
    country: str | None
    urgency: str


def fits(article: Suggestible, client: Waiting) -> bool:
    if article.lang != client.lang or not set(article.topics) & set(client.topics):
        return False
    return article.country is None or article.country == client.country


def _rank(article: Suggestible, client: Waiting) -> tuple[int, int, int, float, str]:
    main = client.topics[0] if client.topics else None
    shared = len(set(article.topics) & set(client.topics))
    local = article.country is not None and article.country == client.country
    newest = -(article.updated_at.timestamp() if article.updated_at else 0.0)
    return (0 if main in article.topics else 1, -shared, 0 if local else 1, newest, article.title)


def suggest(articles: Iterable[A], client: Waiting, limit: int = MAX_SUGGESTIONS) -> list[A]:
    """Up to `limit` (at most three) articles for `client`, best first; none in an emergency."""
    if client.urgency == "emergency" or not client.topics:
        return []
    matching = [article for article in articles if fits(article, client)]
    return sorted(matching, key=lambda article: _rank(article, client))[: min(limit, MAX_SUGGESTIONS)]
