"""One message to one chat, within Telegram's limits, retried when Telegram asks us to wait.

Never logs a chat id or the text; errors are logged by type only, because aiohttp's messages
can carry the request URL, and the URL carries the bot token.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import InlineKeyboardMarkup
from prometheus_client import Counter

from peerline_shared.logging import get_logger
from peerline_telegram.outbound.limiter import SendLimiter

log = get_logger()
SEND_ERRORS = Counter("peerline_telegram_send_errors_total", "Bot API send failures", ["reason"])


class Undeliverable(Exception):
    """Telegram will not take this message to this chat (blocked bot, deleted account...)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class DeliveryPostponed(Exception):
    """Not sent yet and not worth waiting here: the message is redelivered later."""


class TelegramSender:
    def __init__(
        self,
        bot: Bot,
        limiter: SendLimiter,
        *,
        attempts: int,
        wait_budget_s: float,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.bot, self.limiter = bot, limiter
        self.attempts, self.wait_budget_s, self.sleep = attempts, wait_budget_s, sleep

    async def send(
        self,
        chat_id: int,
        key: str,
        text: str,
        keyboard: InlineKeyboardMarkup | None = None,
        *,
        max_wait_s: float | None = None,
    ) -> int:
        """Send and return Telegram's message id; `key` names the chat's rate bucket.

        `max_wait_s` bounds any wait (the chat's turn, a 429): the bot's own notices use it,
        so a client who floods with commands cannot stall the updates of everyone else.
        """
        budget = self.wait_budget_s if max_wait_s is None else max_wait_s
        for attempt in range(1, self.attempts + 1):
            if not await self.limiter.acquire(key, max_wait_s):
                raise DeliveryPostponed("the chat's turn is too far away")
            try:
                sent = await self.bot.send_message(chat_id=chat_id, text=text,
                                                   reply_markup=keyboard)
                return sent.message_id
            except TelegramRetryAfter as exc:
                self._wait_for_telegram(key, exc.retry_after, attempt, budget)
            except TelegramForbiddenError:
                raise Undeliverable("bot_blocked") from None
            except (TelegramNotFound, TelegramBadRequest) as exc:
                reason = "chat_not_found" if "chat not found" in exc.message.lower() else "rejected"
                raise Undeliverable(reason) from None
            except (TelegramNetworkError, TelegramServerError) as exc:
                await self._back_off(exc, attempt)
        raise DeliveryPostponed(f"not sent after {self.attempts} attempts")

    def _wait_for_telegram(self, key: str, retry_after: float, attempt: int,
                           budget: float) -> None:
        SEND_ERRORS.labels("rate_limited").inc()
        log.warning("telegram.rate_limited", retry_after_s=retry_after, attempt=attempt)
        self.limiter.pause_chat(key, retry_after)
        if retry_after > budget:
            raise DeliveryPostponed(f"Telegram asked to wait {retry_after}s")

    async def _back_off(self, exc: Exception, attempt: int) -> None:
        SEND_ERRORS.labels(type(exc).__name__).inc()
        delay = min(0.5 * 2 ** (attempt - 1), self.wait_budget_s / 2)
        log.warning("telegram.send_retry", error_type=type(exc).__name__, attempt=attempt,
                    delay_s=delay)
        if attempt < self.attempts:
            await self.sleep(delay)
