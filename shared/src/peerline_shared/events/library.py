"""The self-help library: short articles in uk/ru/en that clients read while they wait.

The directory owns the articles (it already keeps the organisation's reference content, the
help services). Anyone may read them: notifications asks for suggestions for a waiting client
(`SuggestArticles`), the Telegram adapter and the web chat list them by topic, the console
searches them (`FindArticles`); supervisors and editors change them (`SaveArticle`,
`DeleteArticle`, with a verified actor).

Version 2 of the two changes carries a `ContentActor`, whose role may be `editor`; version 1
carried the conversation `Actor`, which cannot. Directories read both (v1 is upcast), gateways
send v2 once every directory reads it.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from peerline_shared.events.base import Command, Query, Reply, WireModel
from peerline_shared.events.commands import Actor, ContentActor
from peerline_shared.events.common import CountryCode
from peerline_shared.events.vocabulary import Lang, Topic, Urgency

MAX_ARTICLE_CHARS = 6000
"""Short enough to read on a phone and to fit one Telegram message (4,096 after formatting
is the hard limit: the bot splits longer bodies)."""
MAX_SUGGESTIONS = 3


class ArticleView(WireModel):
    article_id: uuid.UUID
    lang: Lang
    title: str = Field(min_length=1, max_length=160)
    summary: str = Field(default="", max_length=400)
    body: str = Field(default="", max_length=MAX_ARTICLE_CHARS)
    topics: tuple[Topic, ...] = ()
    country: CountryCode | None = None
    """None: wherever the client is."""
    is_example: bool = False
    """A starter text shipped with Peerline: to be reviewed by the organisation before use."""
    updated_at: datetime | None = None


class FindArticles(Query):
    """The library by topic, language, country or words; or one article by id."""

    type: Literal["query.find_articles"] = "query.find_articles"
    schema_version: Literal[1] = 1
    text: str = Field(default="", max_length=200)
    topic: Topic | None = None
    lang: Lang | None = None
    country: CountryCode | None = None
    article_id: uuid.UUID | None = None
    with_body: bool = True
    limit: int = Field(default=20, ge=1, le=100)


class SuggestArticles(Query):
    """Up to three articles for a client who waits: their topics, language and country.
    Nothing for an emergency (first aid comes first)."""

    type: Literal["query.suggest_articles"] = "query.suggest_articles"
    schema_version: Literal[1] = 1
    topics: tuple[Topic, ...] = Field(default=(), max_length=10)
    lang: Lang
    country: CountryCode | None = None
    urgency: Urgency
    limit: int = Field(default=MAX_SUGGESTIONS, ge=1, le=MAX_SUGGESTIONS)


class ArticlesFound(Reply):
    type: Literal["query.articles_found"] = "query.articles_found"
    schema_version: Literal[1] = 1
    items: tuple[ArticleView, ...] = ()


class SaveArticle(Command):
    """Supervisors and editors: create (no `article_id`) or change an article.

    Version 2: the actor is a `ContentActor`, so an editor can be the one who saves."""

    type: Literal["command.save_article"] = "command.save_article"
    schema_version: Literal[2] = 2
    actor: ContentActor
    article_id: uuid.UUID | None = None
    lang: Lang
    title: str = Field(min_length=1, max_length=160)
    summary: str = Field(default="", max_length=400)
    body: str = Field(min_length=1, max_length=MAX_ARTICLE_CHARS)
    topics: tuple[Topic, ...] = Field(min_length=1, max_length=10)
    country: CountryCode | None = None
    is_example: bool = False


class DeleteArticle(Command):
    """Supervisors and editors: retire an article. Version 2: the actor is a `ContentActor`."""

    type: Literal["command.delete_article"] = "command.delete_article"
    schema_version: Literal[2] = 2
    actor: ContentActor
    article_id: uuid.UUID


class SaveArticleV1(Command):
    """Version 1 of `SaveArticle`, as gateways before v2 send it: its `Actor` cannot say
    `editor`. Directories upcast it; it leaves the contract once no gateway sends it."""

    type: Literal["command.save_article"] = "command.save_article"
    schema_version: Literal[1] = 1
    actor: Actor
    article_id: uuid.UUID | None = None
    lang: Lang
    title: str = Field(min_length=1, max_length=160)
    summary: str = Field(default="", max_length=400)
    body: str = Field(min_length=1, max_length=MAX_ARTICLE_CHARS)
    topics: tuple[Topic, ...] = Field(min_length=1, max_length=10)
    country: CountryCode | None = None
    is_example: bool = False


class DeleteArticleV1(Command):
    """Version 1 of `DeleteArticle` (an `Actor`); upcast by directories, as `SaveArticleV1`."""

    type: Literal["command.delete_article"] = "command.delete_article"
    schema_version: Literal[1] = 1
    actor: Actor
    article_id: uuid.UUID


def article_change_v1_to_v2(payload: dict[str, Any]) -> dict[str, Any]:
    """Upcaster for both changes: every v1 role (consultant, supervisor, admin) is an account
    role, so the actor and its proof carry over as they are; only the version moves."""
    return {**payload, "schema_version": 2}
