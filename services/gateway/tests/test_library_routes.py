"""The self-help library in the gateway: the clients' pages, the console's search, and who may
change articles (the directory is a fake here; tests/integration covers the real one)."""

from __future__ import annotations

import uuid

from peerline_shared.events import ArticlesFound, ArticleView, CommandResult, FindArticles, SaveArticle
from peerline_shared.events import subjects as subj

from .conftest import InProcess

NALOXONE = ArticleView(article_id=uuid.uuid4(), lang="ru", title="Как использовать налоксон",
                       summary="Вызовите скорую.", body="Шаг 1.\nШаг 2.", topics=("overdose",),
                       is_example=True)


def answer_with(in_process: InProcess, *articles: ArticleView) -> None:
    def find(query: FindArticles) -> ArticlesFound:
        if query.article_id is not None:
            return ArticlesFound(items=tuple(a for a in articles if a.article_id == query.article_id))
        return ArticlesFound(items=tuple(a for a in articles if query.topic in (None, *a.topics)))
    in_process.bus.answers[subj.RPC_DIRECTORY_ARTICLES] = find  # type: ignore[assignment]


def test_the_web_chat_links_to_the_library_and_it_lists_a_topic_in_the_clients_language(
    in_process: InProcess,
) -> None:
    answer_with(in_process, NALOXONE)
    assert 'href="/library?lang=ru"' in in_process.client.get("/?lang=ru").text
    page = in_process.client.get("/library?lang=ru&topic=overdose")
    assert page.status_code == 200 and "Как использовать налоксон" in page.text
    [(_, query)] = in_process.bus.asked
    assert isinstance(query, FindArticles) and (query.lang, query.topic) == ("ru", "overdose")
    article = in_process.client.get(f"/library/{NALOXONE.article_id}")
    assert article.status_code == 200 and "<p>Шаг 2.</p>" in article.text and 'lang="ru"' in article.text
    assert in_process.client.get(f"/library/{uuid.uuid4()}").status_code == 404


def test_a_silent_directory_is_a_clear_page_not_an_error(in_process: InProcess) -> None:
    page = in_process.client.get("/library?lang=en")
    assert page.status_code == 503 and "cannot be opened right now" in page.text


def test_consultants_search_supervisors_change_the_library(in_process: InProcess) -> None:
    answer_with(in_process, NALOXONE)
    in_process.bus.answers[subj.RPC_DIRECTORY_MANAGE_SAVE_ARTICLE] = lambda q: CommandResult(ok=True)  # type: ignore[assignment]
    csrf = in_process.login("olena")
    found = in_process.client.get("/console/api/library?text=налоксон")
    assert found.status_code == 200 and found.json()["items"][0]["is_example"] is True
    body = {"lang": "ru", "title": "T", "body": "B", "topics": ["ost"], "country": "PL"}
    headers = {"x-csrf-token": csrf}
    refused = in_process.client.post("/console/api/manage/articles", json=body, headers=headers)
    assert refused.status_code == 403
    assert "Библиотека" in in_process.client.get("/console/library?lang=ru").text

    csrf = in_process.login("taras")
    saved = in_process.client.post("/console/api/manage/articles", json=body, headers={"x-csrf-token": csrf})
    assert saved.status_code == 200, saved.text
    subject, command = in_process.bus.asked[-1]
    assert subject == subj.RPC_DIRECTORY_MANAGE_SAVE_ARTICLE and isinstance(command, SaveArticle)
    assert command.actor.role == "supervisor" and command.country == "PL" and command.topics == ("ost",)
