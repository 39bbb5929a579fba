"""The self-help library in the gateway: the clients' pages, the console's search, and who may
change articles (the directory is a fake here; tests/integration covers the real one)."""

from __future__ import annotations

import uuid

from peerline_shared.bus import BadRequest
from peerline_shared.events import (
    ArticlesFound,
    ArticleView,
    CommandResult,
    DeleteArticle,
    FindArticles,
    SaveArticle,
)
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


def test_an_editor_changes_the_library_with_a_content_actor(in_process: InProcess) -> None:
    in_process.bus.answers[subj.RPC_DIRECTORY_MANAGE_SAVE_ARTICLE] = lambda q: CommandResult(ok=True)  # type: ignore[assignment]
    in_process.bus.answers[subj.RPC_DIRECTORY_MANAGE_DELETE_ARTICLE] = lambda q: CommandResult(ok=True)  # type: ignore[assignment]
    csrf = in_process.login("iryna")
    headers = {"x-csrf-token": csrf}
    assert 'id="article-form"' in in_process.client.get("/console/library").text
    body = {"lang": "uk", "title": "Налоксон", "body": "Спрей у ніс.", "topics": ["overdose"]}
    article = NALOXONE.article_id
    changed = in_process.client.put(f"/console/api/manage/articles/{article}", json=body, headers=headers)
    assert changed.status_code == 200, changed.text
    retired = in_process.client.delete(f"/console/api/manage/articles/{article}", headers=headers)
    assert retired.status_code == 200, retired.text
    (_, saved), (_, deleted) = in_process.bus.asked
    assert isinstance(saved, SaveArticle) and isinstance(deleted, DeleteArticle)
    assert (saved.schema_version, deleted.schema_version) == (2, 2)
    assert saved.actor.role == deleted.actor.role == "editor" and saved.article_id == article


NOT_FOR_EDITORS = (
    "GET /console/api/queue", "GET /console/api/conversations/{id}", "GET /console/api/audit",
    "GET /console/api/stats", "GET /console/api/corrections", "GET /console/api/on-shift",
    "GET /console/api/referrals", "GET /console/api/specialists",
    "GET /console/api/manage/consultants", "GET /console/api/manage/consultants/{id}/shifts",
    "GET /console/api/alerts", "GET /console/reports.csv",
    "POST /console/api/conversations/{id}/claim", "POST /console/api/conversations/{id}/reply",
    "POST /console/api/conversations/{id}/note", "POST /console/api/conversations/{id}/close",
    "POST /console/api/conversations/{id}/transfer", "POST /console/api/conversations/{id}/refer",
    "POST /console/api/conversations/{id}/triage", "POST /console/api/conversations/{id}/break-glass",
    "POST /console/api/manage/consultants", "POST /console/api/manage/consultants/{id}/deactivate",
    "POST /console/api/manage/consultants/{id}/slots", "POST /console/api/manage/consultants/{id}/password",
    "POST /console/api/manage/specialist-kinds", "PUT /console/api/manage/specialists/{id}",
    "DELETE /console/api/manage/slots/{id}", "POST /console/api/alerts", "POST /console/api/presence",
)


def test_an_editor_reaches_nothing_but_content(in_process: InProcess) -> None:
    """Editors write content; every conversation, people and report route refuses them, and
    nothing is asked of another service on their behalf (their role fits no `Actor`)."""
    headers = {"x-csrf-token": in_process.login("iryna")}
    answered: dict[str, int] = {}
    for route in NOT_FOR_EDITORS:
        method, path = route.split(" ")
        url = path.replace("{id}", str(uuid.UUID(int=1)))
        body = {"kind": "lawyer"} if path.endswith("/refer") else {}
        answered[route] = in_process.client.request(method, url, json=body, headers=headers).status_code
    assert answered == dict.fromkeys(NOT_FOR_EDITORS, 403)
    assert in_process.client.get("/console/account").status_code == 200  # no Telegram link to show
    assert in_process.bus.asked == []


def test_a_directory_older_than_the_gateway_is_a_clear_error_not_a_crash(in_process: InProcess) -> None:
    def old_directory(query: SaveArticle) -> CommandResult:
        raise BadRequest("SaveArticleV1: 'command.save_article' version 2 cannot be read")

    in_process.bus.answers[subj.RPC_DIRECTORY_MANAGE_SAVE_ARTICLE] = old_directory  # type: ignore[assignment]
    csrf = in_process.login("iryna")
    body = {"lang": "uk", "title": "Налоксон", "body": "Спрей у ніс.", "topics": ["overdose"]}
    headers = {"x-csrf-token": csrf}
    refused = in_process.client.post("/console/api/manage/articles", json=body, headers=headers)
    assert refused.status_code == 502 and refused.json()["error"] == "not_understood"
