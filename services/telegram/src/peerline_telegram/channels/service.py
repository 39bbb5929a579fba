"""Publishing, editing and deleting the organisation's channel posts through the bot.

The gateway decides what and when; this desk only sends, once per delivery id. The bot must
be an administrator of the channel allowed to post (and to edit and delete its posts)."""

from __future__ import annotations

from aiogram import Bot
from aiogram.enums import ParseMode
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from peerline_shared.db import unit_of_work
from peerline_shared.events import (
    ChannelPostDone,
    DeleteChannelPost,
    EditChannelPost,
    PublishChannelPost,
    utc_now,
)
from peerline_shared.logging import get_logger
from peerline_telegram.channels.models import ChannelPostSent
from peerline_telegram.outbound.limiter import SendLimiter

log = get_logger()
UNAVAILABLE = (TelegramNetworkError, TelegramServerError, TelegramRetryAfter)


def bot_chat(chat_id: str) -> int | str:
    """`-100…` as the integer the Bot API wants, `@name` as it is."""
    return int(chat_id) if chat_id.startswith("-") else chat_id


def refusal(exc: Exception) -> ChannelPostDone:
    """Telegram's refusal as an error code the console shows (by type: messages may carry the URL)."""
    if isinstance(exc, UNAVAILABLE):
        return ChannelPostDone(ok=False, error="unavailable")
    if isinstance(exc, TelegramForbiddenError):
        return ChannelPostDone(ok=False, error="not_admin")
    if isinstance(exc, TelegramNotFound) or "not found" in str(getattr(exc, "message", "")).lower():
        return ChannelPostDone(ok=False, error="not_found")
    return ChannelPostDone(ok=False, error="rejected")


class ChannelDesk:
    def __init__(self, *, bot: Bot, sessions: async_sessionmaker[AsyncSession],
                 limiter: SendLimiter | None = None) -> None:
        self.bot, self.sessions, self.limiter = bot, sessions, limiter

    async def _turn(self, chat_id: str) -> None:
        """Channel posts count against the bot's overall rate, like replies to clients."""
        if self.limiter is not None:
            await self.limiter.acquire(f"channel:{chat_id}")

    async def publish(self, command: PublishChannelPost) -> ChannelPostDone:
        earlier = await self._claim(command)
        if earlier is not None:
            return earlier
        await self._turn(command.chat_id)
        try:
            sent = await self.bot.send_message(chat_id=bot_chat(command.chat_id), text=command.html,
                                               parse_mode=ParseMode.HTML)
        except (TelegramBadRequest, TelegramForbiddenError, TelegramNotFound, *UNAVAILABLE) as exc:
            await self._forget(command)  # Telegram said no: nothing was posted, a retry may post
            log.warning("telegram.channel_post_refused", delivery_id=str(command.delivery_id),
                        error_type=type(exc).__name__)
            return refusal(exc)
        async with unit_of_work(self.sessions) as session:
            row = await session.get(ChannelPostSent, command.delivery_id)
            if row is not None:
                row.message_id = sent.message_id
        log.info("telegram.channel_posted", delivery_id=str(command.delivery_id))
        return ChannelPostDone(ok=True, telegram_message_id=sent.message_id)

    async def edit(self, command: EditChannelPost) -> ChannelPostDone:
        await self._turn(command.chat_id)
        try:
            await self.bot.edit_message_text(text=command.html, chat_id=bot_chat(command.chat_id),
                                             message_id=command.telegram_message_id,
                                             parse_mode=ParseMode.HTML)
        except TelegramBadRequest as exc:
            if "not modified" in exc.message.lower():  # the same text again: already done
                return ChannelPostDone(ok=True, telegram_message_id=command.telegram_message_id)
            return refusal(exc)
        except (TelegramForbiddenError, TelegramNotFound, *UNAVAILABLE) as exc:
            return refusal(exc)
        log.info("telegram.channel_post_edited", delivery_id=str(command.delivery_id))
        return ChannelPostDone(ok=True, telegram_message_id=command.telegram_message_id)

    async def delete(self, command: DeleteChannelPost) -> ChannelPostDone:
        try:
            await self.bot.delete_message(chat_id=bot_chat(command.chat_id),
                                          message_id=command.telegram_message_id)
        except (TelegramBadRequest, TelegramNotFound) as exc:
            if "not found" in str(getattr(exc, "message", "")).lower():
                return ChannelPostDone(ok=True)  # already gone: what was asked holds
            return refusal(exc)
        except (TelegramForbiddenError, *UNAVAILABLE) as exc:
            return refusal(exc)
        log.info("telegram.channel_post_deleted", delivery_id=str(command.delivery_id))
        return ChannelPostDone(ok=True)

    async def _claim(self, command: PublishChannelPost) -> ChannelPostDone | None:
        """None when this delivery is new (and now recorded), else the answer it already has."""
        try:
            async with unit_of_work(self.sessions) as session:
                session.add(ChannelPostSent(delivery_id=command.delivery_id, chat_id=command.chat_id,
                                            started_at=utc_now()))
            return None
        except IntegrityError:
            async with self.sessions() as session:
                row = await session.get(ChannelPostSent, command.delivery_id)
        if row is not None and row.message_id is not None:
            return ChannelPostDone(ok=True, telegram_message_id=row.message_id)
        log.warning("telegram.channel_post_uncertain", delivery_id=str(command.delivery_id))
        return ChannelPostDone(ok=False, error="uncertain")

    async def _forget(self, command: PublishChannelPost) -> None:
        async with unit_of_work(self.sessions) as session:
            row = await session.get(ChannelPostSent, command.delivery_id)
            if row is not None:
                await session.delete(row)
