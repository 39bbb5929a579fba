"""Texts the bot itself says (notices, confirmations), from the catalogue, rate-limited."""

from __future__ import annotations

from aiogram.exceptions import TelegramAPIError
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from peerline_shared.i18n import LANGUAGES, Catalogue
from peerline_shared.logging import get_logger
from peerline_telegram.outbound.sender import DeliveryPostponed, TelegramSender, Undeliverable

log = get_logger()
LANGUAGE_CALLBACK = "lang:"
NOTICE_MAX_WAIT_S = 2.0
"""A notice that would wait longer is dropped: updates are handled one after another."""


class Replies:
    def __init__(self, sender: TelegramSender, catalogue: Catalogue) -> None:
        self.sender, self.catalogue = sender, catalogue

    def text(self, key: str, lang: str, **values: object) -> str:
        return self.catalogue.get(key, lang, **values)

    async def say(
        self,
        chat_id: int,
        limiter_key: str,
        lang: str,
        key: str,
        keyboard: InlineKeyboardMarkup | None = None,
        **values: object,
    ) -> None:
        """Best effort: a notice that cannot be sent is logged, never retried forever."""
        try:
            await self.sender.send(chat_id, limiter_key, self.text(key, lang, **values), keyboard,
                                   max_wait_s=NOTICE_MAX_WAIT_S)
        except (Undeliverable, DeliveryPostponed) as problem:
            log.warning("telegram.notice_not_sent", notice_kind=key,
                        error_type=type(problem).__name__)

    async def send_text(self, chat_id: int, limiter_key: str, text: str) -> None:
        """Best effort, like `say`, for a text that is not in the catalogue (an article)."""
        try:
            await self.sender.send(chat_id, limiter_key, text, None, max_wait_s=NOTICE_MAX_WAIT_S)
        except (Undeliverable, DeliveryPostponed) as problem:
            log.warning("telegram.notice_not_sent", notice_kind="article", error_type=type(problem).__name__)

    async def drop_keyboard(self, chat_id: int, message_id: int) -> None:
        """Remove the language buttons once used; a failure only leaves them visible."""
        try:
            await self.sender.bot.edit_message_reply_markup(
                chat_id=chat_id, message_id=message_id, reply_markup=None)
        except TelegramAPIError as problem:
            log.info("telegram.keyboard_kept", error_type=type(problem).__name__)

    def language_keyboard(self) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup(inline_keyboard=[[
            InlineKeyboardButton(text=self.catalogue.get(f"languages.{lang}", lang),
                                 callback_data=f"{LANGUAGE_CALLBACK}{lang}")
            for lang in LANGUAGES
        ]])
