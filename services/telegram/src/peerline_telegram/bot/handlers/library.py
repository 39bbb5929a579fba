"""/help opens the self-help library: a topic, then its articles, then one article in full."""

from __future__ import annotations

import uuid

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup

from peerline_shared.events import ArticleView
from peerline_shared.events.vocabulary import TOPICS, Topic
from peerline_shared.i18n import normalise_lang
from peerline_telegram.bot.handlers.common import who_pressed
from peerline_telegram.bot.library import Library, LibraryUnavailable
from peerline_telegram.bot.replies import Replies
from peerline_telegram.inbound.service import InboundDesk

TOPIC_CALLBACK = "lib:"
ARTICLE_CALLBACK = "art:"
LIBRARY_TOPICS: tuple[Topic, ...] = tuple(topic for topic in TOPICS if topic != "other")
TELEGRAM_TEXT_LIMIT = 4096


def make_router() -> Router:
    router = Router(name="library")
    router.callback_query(F.data.startswith(TOPIC_CALLBACK))(topic_chosen)
    router.callback_query(F.data.startswith(ARTICLE_CALLBACK))(article_chosen)
    return router


def topics_keyboard(replies: Replies, lang: str) -> InlineKeyboardMarkup:
    buttons = [InlineKeyboardButton(text=replies.text(f"library.topics.{topic}", lang),
                                    callback_data=f"{TOPIC_CALLBACK}{topic}") for topic in LIBRARY_TOPICS]
    return InlineKeyboardMarkup(inline_keyboard=[buttons[i:i + 2] for i in range(0, len(buttons), 2)])


def articles_keyboard(articles: tuple[ArticleView, ...]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[
        [InlineKeyboardButton(text=article.title[:64],
                              callback_data=f"{ARTICLE_CALLBACK}{article.article_id}")]
        for article in articles
    ])


def in_private_chat(query: CallbackQuery) -> bool:
    return query.message is None or query.message.chat.type == ChatType.PRIVATE


async def topic_chosen(query: CallbackQuery, desk: InboundDesk, replies: Replies, library: Library) -> None:
    await query.answer()
    wanted = (query.data or "").removeprefix(TOPIC_CALLBACK)
    if not in_private_chat(query) or wanted not in LIBRARY_TOPICS:
        return
    who = who_pressed(query)
    lang, key = normalise_lang(await desk.language(who)), desk.client_id(who)
    try:
        articles = await library.by_topic(wanted, lang)
    except LibraryUnavailable:
        await replies.say(who.chat_id, key, lang, "library.unavailable")
        return
    if not articles:
        await replies.say(who.chat_id, key, lang, "library.empty")
        return
    await replies.say(who.chat_id, key, lang, "library.articles", keyboard=articles_keyboard(articles),
                      topic=replies.text(f"library.topics.{wanted}", lang))


async def article_chosen(query: CallbackQuery, desk: InboundDesk, replies: Replies, library: Library) -> None:
    await query.answer()
    if not in_private_chat(query):
        return
    who = who_pressed(query)
    lang, key = normalise_lang(await desk.language(who)), desk.client_id(who)
    try:
        article = await library.article(uuid.UUID((query.data or "").removeprefix(ARTICLE_CALLBACK)))
    except ValueError:  # not an id we made
        return
    except LibraryUnavailable:
        await replies.say(who.chat_id, key, lang, "library.unavailable")
        return
    if article is None:
        await replies.say(who.chat_id, key, lang, "library.gone")
        return
    await replies.send_text(who.chat_id, key, f"{article.title}\n\n{article.body}"[:TELEGRAM_TEXT_LIMIT])
