"""Decisions about the library: what a search or a waiting client gets, who may change it."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any

import yaml

from peerline_directory.domain.articles import Waiting, suggest
from peerline_directory.errors import DirectoryError, NotFound
from peerline_directory.library.models import Article
from peerline_directory.library.repository import ArticleRepository
from peerline_shared.events import (
    ArticlesFound,
    ArticleView,
    ContentActor,
    DeleteArticle,
    FindArticles,
    SaveArticle,
    SuggestArticles,
)
from peerline_shared.events.vocabulary import LIBRARY_EDITING_ROLES

SCAN_LIMIT = 500
"""How many articles of one language a suggestion looks at: far more than a library holds."""


class NotAnEditor(DirectoryError):
    status_code = 403
    code = "forbidden"


def require_editor(actor: ContentActor) -> None:
    if actor.role not in LIBRARY_EDITING_ROLES:
        raise NotAnEditor("changing the library needs the editor or supervisor role")


def view_of(row: Article, *, with_body: bool = True) -> ArticleView:
    return ArticleView(
        article_id=row.id, lang=row.lang, title=row.title, summary=row.summary,
        body=row.body if with_body else "", topics=tuple(row.topics), country=row.country,
        is_example=row.is_example, updated_at=row.updated_at,
    )


async def find(repo: ArticleRepository, query: FindArticles) -> ArticlesFound:
    if query.article_id is not None:
        row = await repo.get(query.article_id)
        return ArticlesFound(items=(view_of(row),) if row is not None else ())
    words = query.text.casefold().split()[:8]
    limit = SCAN_LIMIT if query.topic else query.limit
    rows = await repo.list_(lang=query.lang, country=query.country, words=words, limit=limit)
    chosen = [row for row in rows if query.topic is None or query.topic in row.topics][: query.limit]
    return ArticlesFound(items=tuple(view_of(row, with_body=query.with_body) for row in chosen))


async def suggestions(repo: ArticleRepository, query: SuggestArticles) -> ArticlesFound:
    client = Waiting(tuple(query.topics), query.lang, query.country, query.urgency)
    if client.urgency == "emergency":  # first aid comes first: not even a read
        return ArticlesFound()
    rows = await repo.list_(lang=query.lang, country=query.country, limit=SCAN_LIMIT)
    return ArticlesFound(items=tuple(view_of(row) for row in suggest(rows, client, query.limit)))


def _fields(command: SaveArticle) -> dict[str, Any]:
    return {
        "lang": command.lang, "title": command.title.strip(), "summary": command.summary.strip(),
        "body": command.body.strip(), "topics": list(dict.fromkeys(command.topics)),
        "country": command.country, "is_example": command.is_example,
        "search_text": " ".join((command.title, command.summary, command.body)).casefold(),
        "updated_by": command.actor.consultant_id,
    }


async def save(repo: ArticleRepository, command: SaveArticle, now: datetime) -> Article:
    require_editor(command.actor)
    if command.article_id is None:
        row = Article(**_fields(command), created_at=now, updated_at=now)
        await repo.add(row)
        return row
    found = await repo.get(command.article_id)
    if found is None:
        raise NotFound("no such article")
    for name, value in _fields(command).items():
        setattr(found, name, value)
    found.updated_at = now
    return found


async def delete(repo: ArticleRepository, command: DeleteArticle) -> None:
    require_editor(command.actor)
    found = await repo.get(command.article_id)
    if found is None:
        raise NotFound("no such article")
    await repo.delete(found)


@cache
def starter_set() -> tuple[dict[str, Any], ...]:
    """The example articles shipped with Peerline (library/starter.yaml), to review before use."""
    text = resources.files("peerline_directory.library").joinpath("starter.yaml").read_text("utf-8")
    records: list[dict[str, Any]] = []
    for entry in yaml.safe_load(text)["articles"]:
        for lang, translation in entry["text"].items():
            records.append({"lang": lang, "topics": entry["topics"], "country": entry.get("country"),
                            **translation})
    return tuple(records)


async def seed_examples_if_empty(repo: ArticleRepository, now: datetime) -> int:
    if await repo.count() > 0:
        return 0
    for record in starter_set():
        searchable = " ".join((record["title"], record["summary"], record["body"])).casefold()
        await repo.add(Article(**record, is_example=True, search_text=searchable, created_at=now,
                               updated_at=now))
    return len(starter_set())
