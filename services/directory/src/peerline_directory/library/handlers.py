"""The library over NATS request/reply: reading (gateway, Telegram, notifications) and the
supervisors' and editors' changes (gateway, with a verified actor)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from peerline_directory.errors import DirectoryError
from peerline_directory.library import service
from peerline_directory.library.repository import ArticleRepository
from peerline_shared.bus import BusRouter
from peerline_shared.db import unit_of_work
from peerline_shared.events import (
    ArticlesFound,
    CommandResult,
    DeleteArticle,
    FindArticles,
    SaveArticle,
    SuggestArticles,
    utc_now,
)
from peerline_shared.events import subjects as subj
from peerline_shared.logging import get_logger

QUEUE = "directory"
log = get_logger()
router = BusRouter()
Sessions = async_sessionmaker[AsyncSession]


@router.rpc(subject=subj.RPC_DIRECTORY_ARTICLES, request=FindArticles, reply=ArticlesFound, queue=QUEUE)
async def on_find(query: FindArticles, sessions: Sessions) -> ArticlesFound:
    async with sessions() as session:
        return await service.find(ArticleRepository.from_session(session), query)


@router.rpc(subject=subj.RPC_DIRECTORY_SUGGEST_ARTICLES, request=SuggestArticles, reply=ArticlesFound,
            queue=QUEUE)
async def on_suggest(query: SuggestArticles, sessions: Sessions) -> ArticlesFound:
    async with sessions() as session:
        return await service.suggestions(ArticleRepository.from_session(session), query)


@router.rpc(subject=subj.RPC_DIRECTORY_MANAGE_SAVE_ARTICLE, request=SaveArticle, reply=CommandResult,
            queue=QUEUE, actor=True)
async def on_save(command: SaveArticle, sessions: Sessions) -> CommandResult:
    try:
        async with unit_of_work(sessions) as session:
            row = await service.save(ArticleRepository.from_session(session), command, utc_now())
            article_id = row.id
    except DirectoryError as error:
        return CommandResult(ok=False, error=error.code, detail=error.detail)
    log.info("directory.managed", action="save_article", by=str(command.actor.consultant_id),
             article_id=str(article_id))
    return CommandResult(ok=True, detail=str(article_id))


@router.rpc(subject=subj.RPC_DIRECTORY_MANAGE_DELETE_ARTICLE, request=DeleteArticle, reply=CommandResult,
            queue=QUEUE, actor=True)
async def on_delete(command: DeleteArticle, sessions: Sessions) -> CommandResult:
    try:
        async with unit_of_work(sessions) as session:
            await service.delete(ArticleRepository.from_session(session), command)
    except DirectoryError as error:
        return CommandResult(ok=False, error=error.code, detail=error.detail)
    log.info("directory.managed", action="delete_article", by=str(command.actor.consultant_id),
             article_id=str(command.article_id))
    return CommandResult(ok=True)
