"""Reading the Telegram side of a private chat out of an update."""

from __future__ import annotations

from aiogram.types import CallbackQuery, Message

from peerline_telegram.inbound.service import Who


def who_wrote(message: Message) -> Who | None:
    if message.from_user is None:
        return None
    return Who(chat_id=message.chat.id, user_id=message.from_user.id,
               language_code=message.from_user.language_code)


def who_pressed(query: CallbackQuery) -> Who:
    chat_id = query.message.chat.id if query.message is not None else query.from_user.id
    return Who(chat_id=chat_id, user_id=query.from_user.id,
               language_code=query.from_user.language_code)
