""""While you wait, this may help": self-help articles appended to the queue notice.

The directory chooses the articles (its pure `suggest`); here we only ask, outside any
transaction, and never for an emergency: first aid comes first and a consultant is on the way.
Silence from the directory sends the notice without suggestions."""

from __future__ import annotations

import uuid

from peerline_notifications.deps import Deps
from peerline_notifications.storage.repository import ConversationRepository
from peerline_shared.events import ArticleView, SuggestArticles
from peerline_shared.events.vocabulary import LANGS, TOPICS
from peerline_shared.i18n import Catalogue


async def suggestions_for(deps: Deps, conversation_id: uuid.UUID) -> tuple[ArticleView, ...]:
    async with deps.readers() as session:
        conversation = await ConversationRepository(session).get(conversation_id)
    if conversation is None or conversation.urgency == "emergency" or conversation.lang not in LANGS:
        return ()
    topics = tuple(topic for topic in conversation.topics if topic in TOPICS)
    if not topics:
        return ()
    query = SuggestArticles(
        topics=topics, lang=conversation.lang, country=conversation.client_country,  # type: ignore[arg-type]
        urgency=conversation.urgency,  # type: ignore[arg-type]
    )
    return (await deps.directory.suggest_articles(query)).items


def while_you_wait(catalogue: Catalogue, lang: str, channel: str, articles: tuple[ArticleView, ...]) -> str:
    """The paragraph under the queue notice: each article's title and summary, then where to read
    it in full on this channel. Empty when there is nothing to suggest."""
    if not articles:
        return ""
    lines = [catalogue.get("selfhelp.heading", lang)]
    lines += [f"• {a.title}" + (f"\n  {a.summary}" if a.summary else "") for a in articles]
    lines.append(catalogue.get(f"selfhelp.read_more_{channel}", lang))
    return "\n".join(lines)
