"""The bot's `/link CODE` and `/unlink` for consultants (the directory keeps the link).

Handled before every client route: a consultant's code is never forwarded as a message."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from peerline_shared.i18n import normalise_lang
from peerline_shared.logging import get_logger
from peerline_telegram.bot.replies import Replies
from peerline_telegram.consultants.service import ConsultantDesk, DirectorySilent
from peerline_telegram.rules import link_code

log = get_logger()


def make_router() -> Router:
    """A fresh aiogram router per dispatcher (aiogram attaches a router to one parent only)."""
    bot_router = Router(name="consultants")
    bot_router.message.filter(F.chat.type == ChatType.PRIVATE)
    bot_router.message(Command("link"))(link)
    bot_router.message(Command("unlink"))(unlink)
    return bot_router


async def link(message: Message, command: CommandObject, consultants: ConsultantDesk,
               replies: Replies) -> None:
    if message.from_user is None:
        return
    user, lang = message.from_user.id, normalise_lang(message.from_user.language_code)
    code = link_code(command.args)
    if code is None:
        await replies.say(message.chat.id, f"consultant-user:{user}", lang, "consultant.link_usage")
        return
    try:
        linked = await consultants.link(code, user)
    except DirectorySilent:
        await replies.say(message.chat.id, f"consultant-user:{user}", lang, "consultant.unavailable")
        return
    key = "consultant.linked" if linked.ok else "consultant.link_failed"
    log.info("telegram.consultant_link", ok=linked.ok, error=linked.error)
    await replies.say(message.chat.id, f"consultant-user:{user}", lang, key, alias=linked.alias or "")


async def unlink(message: Message, consultants: ConsultantDesk, replies: Replies) -> None:
    if message.from_user is None:
        return
    user, lang = message.from_user.id, normalise_lang(message.from_user.language_code)
    try:
        result = await consultants.unlink(user)
    except DirectorySilent:
        await replies.say(message.chat.id, f"consultant-user:{user}", lang, "consultant.unavailable")
        return
    key = "consultant.unlinked" if result.ok else "consultant.not_linked"
    await replies.say(message.chat.id, f"consultant-user:{user}", lang, key)
