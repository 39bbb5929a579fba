"""The self-help library as the bot reads it: the directory answers over NATS request/reply.

Articles are the same for every client, so nothing about the client goes into the question
beyond the language they chose and the topic they tapped."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from peerline_shared.bus import Bus, request
from peerline_shared.events import ArticlesFound, ArticleView, FindArticles
from peerline_shared.events import subjects as subj
from peerline_shared.events.vocabulary import Lang, Topic
from peerline_shared.logging import get_logger

log = get_logger()
ASK_TIMEOUT_S = 3.0
"""The client waits on the answer to a tap: better "try again later" than a silent bot."""
LIST_LIMIT = 10


class LibraryUnavailable(Exception):
    """The directory did not answer."""


@dataclass(frozen=True)
class Library:
    bus: Bus

    async def _ask(self, query: FindArticles) -> tuple[ArticleView, ...]:
        try:
            found = await request(self.bus, subj.RPC_DIRECTORY_ARTICLES, query, ArticlesFound,
                                  timeout=ASK_TIMEOUT_S)
        except Exception as exc:  # timeout, no responders, a reply we cannot read
            log.warning("telegram.library_unavailable", error_type=type(exc).__name__)
            raise LibraryUnavailable from exc
        return found.items

    async def by_topic(self, topic: Topic, lang: Lang) -> tuple[ArticleView, ...]:
        return await self._ask(FindArticles(topic=topic, lang=lang, with_body=False, limit=LIST_LIMIT))

    async def article(self, article_id: uuid.UUID) -> ArticleView | None:
        found = await self._ask(FindArticles(article_id=article_id))
        return found[0] if found else None
