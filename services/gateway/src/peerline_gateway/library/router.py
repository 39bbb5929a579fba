"""Routes of the self-help library: public pages for clients (opened from the web chat), the
console's search (to insert an article into a reply) and the editors' changes."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from peerline_gateway import deps
from peerline_gateway.console import deps as console_deps
from peerline_gateway.console.auth import Changer, SessionCookie, Viewer
from peerline_gateway.console.errors import Forbidden, ServiceUnavailable
from peerline_gateway.console.management import answer
from peerline_gateway.console.pages import console_page
from peerline_gateway.console.rpc import Directory
from peerline_gateway.console.sessions import ConsoleSession
from peerline_gateway.web import page_lang, render
from peerline_shared.events import ArticlesFound, CommandResult, DeleteArticle, FindArticles, SaveArticle
from peerline_shared.events import subjects as subj
from peerline_shared.events.vocabulary import LANGS, LIBRARY_EDITING_ROLES, TOPICS, Lang, Topic

router = APIRouter(tags=["library"])
WHAT = "library"
LIBRARY_TOPICS: tuple[Topic, ...] = tuple(topic for topic in TOPICS if topic != "other")
COUNTRY_PATTERN = r"^[A-Z]{2}$"


def can_edit_library(session: ConsoleSession) -> bool:
    return session.role in LIBRARY_EDITING_ROLES


async def library_editor(session: Changer) -> ConsoleSession:
    if not can_edit_library(session):
        raise Forbidden("changing the library needs the editor or supervisor role")
    return session


Editor = Annotated[ConsoleSession, Depends(library_editor)]


async def _find(directory: Directory, query: FindArticles) -> ArticlesFound | None:
    try:
        return await directory.ask(subj.RPC_DIRECTORY_ARTICLES, query, ArticlesFound, what=WHAT)
    except ServiceUnavailable:
        return None


@router.get("/library", response_class=HTMLResponse, include_in_schema=False)
async def library_page(
    request: Request, directory: Directory, settings: deps.Settings, topic: Topic | None = None
) -> Response:
    lang = page_lang(request)
    found = await _find(directory, FindArticles(topic=topic, lang=lang, with_body=False, limit=100))
    page: Response = render(request, "library.html", lang, topics=LIBRARY_TOPICS, topic=topic,
                            exit_url=settings.quick_exit_url, articles=found.items if found else (),
                            unavailable=found is None, status_code=200 if found else 503)
    return page


@router.get("/library/{article_id}", response_class=HTMLResponse, include_in_schema=False)
async def article_page(
    article_id: uuid.UUID, request: Request, directory: Directory, settings: deps.Settings
) -> Response:
    found = await _find(directory, FindArticles(article_id=article_id))
    article = found.items[0] if found and found.items else None
    lang = article.lang if article else page_lang(request)
    status = 503 if found is None else 404 if article is None else 200
    page: Response = render(request, "library_article.html", lang, article=article,
                            unavailable=found is None, exit_url=settings.quick_exit_url, status_code=status)
    return page


@router.get("/console/library", include_in_schema=False)
async def console_library_page(
    request: Request, store: console_deps.Sessions, peerline_console: SessionCookie = None
) -> Response:
    session = await store.get(peerline_console, touch=False)
    return await console_page(request, "console_library.html", store, peerline_console,
                              topics=TOPICS, article_langs=LANGS,
                              can_edit=session is not None and can_edit_library(session))


@router.get("/console/api/library")
async def search(
    session: Viewer, directory: Directory, text: Annotated[str, Query(max_length=200)] = "",
    topic: Topic | None = None, lang: Lang | None = None,
) -> Response:
    query = FindArticles(text=text, topic=topic, lang=lang, limit=50)
    found = await directory.ask(subj.RPC_DIRECTORY_ARTICLES, query, ArticlesFound, what=WHAT)
    return Response(found.model_dump_json(include={"items"}), media_type="application/json")


class ArticleBody(BaseModel):
    lang: Lang
    title: str = Field(min_length=1, max_length=160)
    summary: str = Field(default="", max_length=400)
    body: str = Field(min_length=1, max_length=6000)
    topics: list[Topic] = Field(min_length=1, max_length=10)
    country: str | None = Field(default=None, pattern=COUNTRY_PATTERN)
    is_example: bool = False


def _save(session: ConsoleSession, body: ArticleBody, article_id: uuid.UUID | None) -> SaveArticle:
    return SaveArticle(actor=session.content_actor(), article_id=article_id, lang=body.lang, title=body.title,
                       summary=body.summary, body=body.body, topics=tuple(dict.fromkeys(body.topics)),
                       country=body.country or None, is_example=body.is_example)


@router.post("/console/api/manage/articles")
async def create_article(body: ArticleBody, session: Editor, directory: Directory) -> Response:
    message = _save(session, body, None)
    subject = subj.RPC_DIRECTORY_MANAGE_SAVE_ARTICLE
    return answer(await directory.ask(subject, message, CommandResult, what=WHAT))


@router.put("/console/api/manage/articles/{article_id}")
async def change_article(
    article_id: uuid.UUID, body: ArticleBody, session: Editor, directory: Directory
) -> Response:
    message = _save(session, body, article_id)
    subject = subj.RPC_DIRECTORY_MANAGE_SAVE_ARTICLE
    return answer(await directory.ask(subject, message, CommandResult, what=WHAT))


@router.delete("/console/api/manage/articles/{article_id}")
async def delete_article(article_id: uuid.UUID, session: Editor, directory: Directory) -> Response:
    message = DeleteArticle(actor=session.content_actor(), article_id=article_id)
    return answer(await directory.ask(subj.RPC_DIRECTORY_MANAGE_DELETE_ARTICLE, message, CommandResult,
                                      what=WHAT))
