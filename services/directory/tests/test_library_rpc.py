"""The self-help library over real NATS: reading, suggesting, and who may change it."""

from __future__ import annotations

import uuid
from typing import TypeVar

import pytest

from peerline_shared.bus import BadRequest, request
from peerline_shared.events import (
    Actor,
    ArticlesFound,
    CommandResult,
    ContentActor,
    DeleteArticle,
    DeleteArticleV1,
    EventBase,
    FindArticles,
    ListConsultants,
    SaveArticle,
    SaveArticleV1,
    SuggestArticles,
)
from peerline_shared.events import subjects as subj
from peerline_testing.actors import as_gateway

from .conftest import TEST_ACTOR_KEY, Directory

pytestmark = pytest.mark.integration
R = TypeVar("R", bound=EventBase)
SUPERVISOR = ContentActor(consultant_id=uuid.uuid4(), alias="Sup", role="supervisor")
CONSULTANT = ContentActor(consultant_id=uuid.uuid4(), alias="Peer", role="consultant")
EDITOR = ContentActor(consultant_id=uuid.uuid4(), alias="Ed", role="editor")


async def ask(directory: Directory, subject: str, message: EventBase, reply: type[R]) -> R:
    return await request(directory.bus, subject, as_gateway(message, TEST_ACTOR_KEY), reply, timeout=10)


async def save(directory: Directory, actor: ContentActor = SUPERVISOR, **fields: object) -> CommandResult:
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


async def test_an_editor_writes_edits_and_retires_an_article_a_consultant_cannot(
    directory: Directory,
) -> None:
    saved = await save(directory, actor=EDITOR, title="Налоксон", topics=("overdose",))
    assert saved.ok, saved
    article_id = uuid.UUID(saved.detail)
    edited = await save(directory, actor=EDITOR, article_id=article_id, title="Налоксон: спрей")
    assert edited.ok, edited
    refused = await save(directory, actor=CONSULTANT, article_id=article_id, title="Чужой текст")
    assert not refused.ok and refused.error == "forbidden"
    not_retired = await ask(directory, subj.RPC_DIRECTORY_MANAGE_DELETE_ARTICLE,
                            DeleteArticle(actor=CONSULTANT, article_id=article_id), CommandResult)
    assert not not_retired.ok and not_retired.error == "forbidden"
    [kept] = (await ask(directory, subj.RPC_DIRECTORY_ARTICLES, FindArticles(article_id=article_id),
                        ArticlesFound)).items
    assert kept.title == "Налоксон: спрей"
    retired = await ask(directory, subj.RPC_DIRECTORY_MANAGE_DELETE_ARTICLE,
                        DeleteArticle(actor=EDITOR, article_id=article_id), CommandResult)
    assert retired.ok
    assert (await ask(directory, subj.RPC_DIRECTORY_ARTICLES, FindArticles(), ArticlesFound)).items == ()


async def test_a_gateway_before_v2_still_changes_the_library_during_a_rollout(directory: Directory) -> None:
    old_supervisor = Actor(consultant_id=uuid.uuid4(), alias="Sup", role="supervisor")
    v1 = SaveArticleV1(actor=old_supervisor, lang="uk", title="Метадон", body="Як продовжити.",
                       topics=("ost",))
    saved = await ask(directory, subj.RPC_DIRECTORY_MANAGE_SAVE_ARTICLE, v1, CommandResult)
    assert saved.ok, saved
    old_consultant = Actor(consultant_id=uuid.uuid4(), alias="Peer", role="consultant")
    article_id = uuid.UUID(saved.detail)
    refused = await ask(directory, subj.RPC_DIRECTORY_MANAGE_DELETE_ARTICLE,
                        DeleteArticleV1(actor=old_consultant, article_id=article_id), CommandResult)
    assert refused.error == "forbidden"
    deleted = await ask(directory, subj.RPC_DIRECTORY_MANAGE_DELETE_ARTICLE,
                        DeleteArticleV1(actor=old_supervisor, article_id=article_id), CommandResult)
    assert deleted.ok


async def test_an_editor_cannot_be_written_into_a_management_request(directory: Directory) -> None:
    """Only content commands carry a `ContentActor`: an editor's role put into the `Actor` of
    any other request is not read at all, even with a valid signature."""
    listing = ListConsultants(actor=Actor(consultant_id=EDITOR.consultant_id, alias="Ed", role="admin"))
    forged = listing.model_copy(update={"actor": listing.actor.model_copy(update={"role": "editor"})})
    with pytest.raises(BadRequest, match="role"):
        await request(directory.bus, subj.RPC_DIRECTORY_MANAGE_LIST_CONSULTANTS,
                      as_gateway(forged, TEST_ACTOR_KEY), ArticlesFound, timeout=10)
