"""The self-help library over real NATS: reading, suggesting, and who may change it."""

from __future__ import annotations

import uuid
from typing import TypeVar

import pytest

from peerline_shared.bus import request
from peerline_shared.events import (
    Actor,
    ArticlesFound,
    CommandResult,
    DeleteArticle,
    EventBase,
    FindArticles,
    SaveArticle,
    SuggestArticles,
)
from peerline_shared.events import subjects as subj
from peerline_testing.actors import as_gateway

from .conftest import TEST_ACTOR_KEY, Directory

pytestmark = pytest.mark.integration
R = TypeVar("R", bound=EventBase)
SUPERVISOR = Actor(consultant_id=uuid.uuid4(), alias="Sup", role="supervisor")
CONSULTANT = Actor(consultant_id=uuid.uuid4(), alias="Peer", role="consultant")


async def ask(directory: Directory, subject: str, message: EventBase, reply: type[R]) -> R:
    return await request(directory.bus, subject, as_gateway(message, TEST_ACTOR_KEY), reply, timeout=10)


async def save(directory: Directory, actor: Actor = SUPERVISOR, **fields: object) -> CommandResult:
    values: dict[str, object] = {"lang": "ru", "title": "Метадон в Польше", "summary": "Коротко.",
                                 "body": "Как продолжить метадон.", "topics": ("ost",), **fields}
    command = SaveArticle(actor=actor, **values)  # type: ignore[arg-type]
    return await ask(directory, subj.RPC_DIRECTORY_MANAGE_SAVE_ARTICLE, command, CommandResult)


async def test_a_supervisor_writes_an_article_a_waiting_client_is_offered_it(directory: Directory) -> None:
    saved = await save(directory, country="PL")
    assert saved.ok, saved
    article_id = uuid.UUID(saved.detail)
    offered = await ask(directory, subj.RPC_DIRECTORY_SUGGEST_ARTICLES,
                        SuggestArticles(topics=("ost",), lang="ru", country="PL", urgency="normal"),
                        ArticlesFound)
    assert [item.article_id for item in offered.items] == [article_id]
    elsewhere = await ask(directory, subj.RPC_DIRECTORY_SUGGEST_ARTICLES,
                          SuggestArticles(topics=("ost",), lang="ru", country="UA", urgency="normal"),
                          ArticlesFound)
    assert elsewhere.items == ()
    emergency = await ask(directory, subj.RPC_DIRECTORY_SUGGEST_ARTICLES,
                          SuggestArticles(topics=("ost",), lang="ru", country="PL", urgency="emergency"),
                          ArticlesFound)
    assert emergency.items == ()


async def test_search_by_words_topic_and_id_then_edit_and_delete(directory: Directory) -> None:
    article_id = uuid.UUID((await save(directory)).detail)
    await save(directory, title="Налоксон", body="Спрей в нос.", topics=("overdose",))
    articles = subj.RPC_DIRECTORY_ARTICLES
    by_words = await ask(directory, articles, FindArticles(text="МЕТАДОН"), ArticlesFound)
    assert [item.article_id for item in by_words.items] == [article_id]
    by_topic = await ask(directory, articles, FindArticles(topic="overdose"), ArticlesFound)
    assert [item.title for item in by_topic.items] == ["Налоксон"]
    edited = await save(directory, article_id=article_id, title="Метадон за границей")
    assert edited.ok
    [one] = (await ask(directory, subj.RPC_DIRECTORY_ARTICLES, FindArticles(article_id=article_id),
                       ArticlesFound)).items
    assert one.title == "Метадон за границей" and one.topics == ("ost",)
    deleted = await ask(directory, subj.RPC_DIRECTORY_MANAGE_DELETE_ARTICLE,
                        DeleteArticle(actor=SUPERVISOR, article_id=article_id), CommandResult)
    assert deleted.ok
    gone = await ask(directory, articles, FindArticles(article_id=article_id), ArticlesFound)
    assert gone.items == ()


async def test_a_consultant_cannot_change_the_library(directory: Directory) -> None:
    refused = await save(directory, actor=CONSULTANT)
    assert not refused.ok and refused.error == "forbidden"
    listed = await ask(directory, subj.RPC_DIRECTORY_ARTICLES, FindArticles(), ArticlesFound)
    assert listed.items == ()
