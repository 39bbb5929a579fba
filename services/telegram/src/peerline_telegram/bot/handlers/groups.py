"""Groups and channels: the bot says once that it works in private chats, then stays silent."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.types import Message

from peerline_shared.i18n import normalise_lang
from peerline_shared.logging import get_logger
from peerline_telegram.bot.replies import Replies
from peerline_telegram.inbound.service import InboundDesk

log = get_logger()


def make_router() -> Router:
    router = Router(name="groups")
    router.message.filter(F.chat.type != ChatType.PRIVATE)
    router.edited_message.filter(F.chat.type != ChatType.PRIVATE)
    router.message()(in_group)
    router.edited_message()(edited_in_group)
    return router


async def in_group(message: Message, desk: InboundDesk, replies: Replies) -> None:
    if not await desk.first_time_in_group(message.chat.id):
        return
    lang = normalise_lang(message.from_user.language_code if message.from_user else None)
    log.info("telegram.group_refused", chat_type=message.chat.type)
    await replies.say(message.chat.id, desk.group_key(message.chat.id), lang, "group.private_only")


async def edited_in_group(_: Message) -> None:
    """Ignored, like everything else a group says after the first notice."""
