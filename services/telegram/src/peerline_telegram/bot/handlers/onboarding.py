"""/start (consent and privacy notice, language choice), /language, /help (and the library's
topics), /forget."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command, CommandStart
from aiogram.types import CallbackQuery, Message

from peerline_shared.i18n import LANGUAGES, normalise_lang
from peerline_telegram.bot.handlers.common import who_pressed, who_wrote
from peerline_telegram.bot.handlers.library import topics_keyboard
from peerline_telegram.bot.replies import LANGUAGE_CALLBACK, Replies
from peerline_telegram.inbound.service import InboundDesk, InboundNotStored


def make_router() -> Router:
    router = Router(name="onboarding")
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.message(CommandStart())(start)
    router.message(Command("language"))(language)
    router.message(Command("help"))(help_)
    router.message(Command("forget"))(forget)
    router.callback_query(F.data.startswith(LANGUAGE_CALLBACK))(language_chosen)
    return router


async def start(message: Message, desk: InboundDesk, replies: Replies) -> None:
    if (who := who_wrote(message)) is None:
        return
    lang = await desk.start(who)
    key = desk.client_id(who)
    await replies.say(who.chat_id, key, lang, "start.notice")
    await replies.say(who.chat_id, key, lang, "start.choose_language",
                      keyboard=replies.language_keyboard())


async def language(message: Message, desk: InboundDesk, replies: Replies) -> None:
    if (who := who_wrote(message)) is None:
        return
    lang = await desk.language(who)
    await replies.say(who.chat_id, desk.client_id(who), lang, "language.prompt",
                      keyboard=replies.language_keyboard())


async def help_(message: Message, desk: InboundDesk, replies: Replies) -> None:
    if (who := who_wrote(message)) is None:
        return
    lang, key = await desk.language(who), desk.client_id(who)
    await replies.say(who.chat_id, key, lang, "help.text")
    await replies.say(who.chat_id, key, lang, "library.choose_topic",
                      keyboard=topics_keyboard(replies, normalise_lang(lang)))


async def forget(message: Message, desk: InboundDesk, replies: Replies) -> None:
    if (who := who_wrote(message)) is None:
        return
    lang, key = await desk.language(who), desk.client_id(who)
    try:
        await desk.forget(who)
    except InboundNotStored:
        await replies.say(who.chat_id, key, lang, "forget.failed")
        return
    await replies.say(who.chat_id, key, lang, "forget.done")


async def language_chosen(query: CallbackQuery, desk: InboundDesk, replies: Replies) -> None:
    if query.message is not None and query.message.chat.type != ChatType.PRIVATE:
        await query.answer()
        return
    who = who_pressed(query)
    wanted = (query.data or "").removeprefix(LANGUAGE_CALLBACK)
    lang = normalise_lang(wanted) if wanted in LANGUAGES else await desk.language(who)
    await desk.choose_language(who, lang)
    await query.answer()
    if query.message is not None:
        await replies.drop_keyboard(query.message.chat.id, query.message.message_id)
    await replies.say(who.chat_id, desk.client_id(who), lang, "language.set")
