"""Delivering an outbound message: find the chat, compose, send part by part, report."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from peerline_shared.bus import Publisher, publish_event
from peerline_shared.db import unit_of_work
from peerline_shared.events import (
    MessageDelivered,
    MessageUndeliverable,
    OutboundMessageRequested,
    derived_id,
)
from peerline_shared.events import subjects as subj
from peerline_shared.i18n import Catalogue
from peerline_shared.logging import get_logger
from peerline_telegram import rules
from peerline_telegram.identity import service as identity
from peerline_telegram.identity.crypto import ChatIdCipher
from peerline_telegram.outbound.progress import SendProgress
from peerline_telegram.outbound.sender import SEND_ERRORS, DeliveryPostponed, TelegramSender, Undeliverable
from peerline_telegram.places.keyboards import ROUTING
from peerline_telegram.places.picker import countries_keyboard

log = get_logger()
PLACE_OFFER_MAX_WAIT_S = 5.0
"""The offer is a courtesy: never held up long, and not retried (/place asks again)."""


class ChatLocks:
    """One sender at a time per chat, so the parts and replies of a chat keep their order."""

    def __init__(self) -> None:
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._users: defaultdict[str, int] = defaultdict(int)

    @asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        self._users[key] += 1
        try:
            async with self._locks[key]:
                yield
        finally:
            self._users[key] -= 1
            if not self._users[key]:
                del self._users[key], self._locks[key]


class OutboundDesk:
    def __init__(
        self,
        *,
        sessions: async_sessionmaker[AsyncSession],
        bus: Publisher,
        cipher: ChatIdCipher,
        sender: TelegramSender,
        progress: SendProgress,
        catalogue: Catalogue,
        after_reply: Callable[[str, int, str], Awaitable[None]] | None = None,
    ) -> None:
        self.sessions, self.bus, self.cipher = sessions, bus, cipher
        self.sender, self.progress, self.catalogue = sender, progress, catalogue
        self.after_reply = after_reply
        """Called after a consultant's reply reached the chat (client id, chat id, lang)."""
        self.locks = ChatLocks()

    async def deliver(self, event: OutboundMessageRequested) -> None:
        async with self.sessions() as session:
            chat_id = await identity.chat_for(session, self.cipher, client_id=event.client_id)
        if chat_id is None:
            await self._undeliverable(event, "client_unknown")
            return
        reply = rules.compose_reply(event.text, self._prefix(event))
        async with self.locks.hold(event.client_id):
            done = await self.progress.parts_sent(event.event_id)
            try:
                for index in range(done, len(reply.parts)):
                    await self.sender.send(chat_id, event.client_id, reply.parts[index])
                    await self.progress.record(event.event_id, index + 1)
            except Undeliverable as problem:
                await self._undeliverable(event, problem.reason)
                return
            asked_place = done < len(reply.parts) and await self._offer_place(event, chat_id)
        if done < len(reply.parts):
            await self._delivered(event, len(reply.parts))
            # One question per reply: the alerts offer waits for a reply that asked nothing.
            if event.kind == "consultant_reply" and self.after_reply is not None and not asked_place:
                await self.after_reply(event.client_id, chat_id, event.lang or "uk")

    async def _offer_place(self, event: OutboundMessageRequested, chat_id: int) -> bool:
        """Once, after a reply: may the client tell us which country (oblast) they are in?
        True when the question was asked now."""
        if not rules.offers_place_after(event.kind):
            return False
        async with unit_of_work(self.sessions) as session:
            due = await identity.place_offer_due(session, client_id=event.client_id)
            lang = event.lang or await identity.language_of(session, client_id=event.client_id) or "uk"
        if not due:
            return False
        try:
            await self.sender.send(chat_id, event.client_id, self.catalogue.get("place.offer", lang),
                                   countries_keyboard(ROUTING, self.catalogue, lang),
                                   max_wait_s=PLACE_OFFER_MAX_WAIT_S)
        except (Undeliverable, DeliveryPostponed) as problem:
            log.info("telegram.place_offer_not_sent", error_type=type(problem).__name__)
            return False
        log.info("telegram.place_offered", conversation_id=str(event.conversation_id))
        return True

    def _prefix(self, event: OutboundMessageRequested) -> str:
        if not event.sender_alias:
            return ""
        return self.catalogue.get("reply.prefix", event.lang or "uk", alias=event.sender_alias)

    async def _delivered(self, event: OutboundMessageRequested, parts: int) -> None:
        delivered = MessageDelivered(
            event_id=derived_id(event.event_id, "delivered"), trace_id=event.trace_id,
            outbound_event_id=event.event_id, channel="telegram",
            conversation_id=event.conversation_id,
        )
        await publish_event(self.bus, delivered, subj.OUTBOUND_DELIVERED)
        log.info("telegram.reply_sent", conversation_id=str(event.conversation_id),
                 kind=event.kind, parts_count=parts)

    async def _undeliverable(self, event: OutboundMessageRequested, reason: str) -> None:
        SEND_ERRORS.labels(reason).inc()
        failed = MessageUndeliverable(
            event_id=derived_id(event.event_id, "undeliverable"), trace_id=event.trace_id,
            outbound_event_id=event.event_id, client_id=event.client_id, channel="telegram",
            conversation_id=event.conversation_id, reason=reason,
        )
        await publish_event(self.bus, failed, subj.OUTBOUND_UNDELIVERABLE)
        log.warning("telegram.reply_undeliverable", conversation_id=str(event.conversation_id),
                    reason=reason)
