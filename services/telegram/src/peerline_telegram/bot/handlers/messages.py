"""A client's messages: text goes on (scrubbed), edits go as corrections, the rest is answered.

Voice, photos, video, stickers and files are not forwarded (only text is scrubbed); locations
and contacts are never forwarded, because they identify the client or someone else.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.types import Message

from peerline_shared.logging import get_logger
from peerline_telegram import rules
from peerline_telegram.bot.handlers.common import who_wrote
from peerline_telegram.bot.replies import Replies
from peerline_telegram.inbound.service import InboundDesk, Receipt, Who

log = get_logger()

NOTICE_FOR_KIND = {
    rules.Kind.MEDIA: "media.not_supported",
    rules.Kind.LOCATION: "location.not_forwarded",
    rules.Kind.CONTACT: "contact.not_forwarded",
}


def make_router() -> Router:
    router = Router(name="messages")
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.edited_message.filter(F.chat.type == ChatType.PRIVATE)
    router.message(F.text)(text)
    router.edited_message(F.text)(edited_text)
    router.message()(not_text)
    router.edited_message()(edited_not_text)
    return router


async def text(message: Message, desk: InboundDesk, replies: Replies) -> None:
    if (who := who_wrote(message)) is None or message.text is None:
        return
    receipt = await desk.receive_text(who, message_id=message.message_id, text=message.text)
    await _follow_up(who, receipt, desk, replies)


async def edited_text(message: Message, desk: InboundDesk, replies: Replies) -> None:
    if (who := who_wrote(message)) is None or message.text is None:
        return
    receipt = await desk.receive_text(who, message_id=message.message_id, text=message.text,
                                      edit_date=message.edit_date or 0)
    await _follow_up(who, receipt, desk, replies)


async def not_text(message: Message, desk: InboundDesk, replies: Replies) -> None:
    kind = rules.classify(message.content_type)
    notice = NOTICE_FOR_KIND.get(kind)
    log.info("telegram.message_not_forwarded", message_kind=kind.value)
    if notice is None or (who := who_wrote(message)) is None:
        return
    if await desk.first_notice(who, kind.value):
        await replies.say(who.chat_id, desk.client_id(who), await desk.language(who), notice)


async def edited_not_text(_: Message) -> None:
    """Edited captions and live-location updates: never forwarded, and not answered twice."""


async def _follow_up(who: Who, receipt: Receipt, desk: InboundDesk, replies: Replies) -> None:
    key = desk.client_id(who)
    if receipt.verdict is rules.FloodVerdict.HOLD_AND_TELL:
        await replies.say(who.chat_id, key, receipt.lang, "flood.slow_down",
                          seconds=desk.throttle.window_s)
    elif receipt.first_contact:
        await replies.say(who.chat_id, key, receipt.lang, "start.notice")
        await replies.say(who.chat_id, key, receipt.lang, "start.choose_language",
                          keyboard=replies.language_keyboard())
