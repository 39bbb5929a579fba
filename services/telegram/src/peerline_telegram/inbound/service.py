"""What happens to a client's message: throttle, remember the chat, scrub, publish."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from peerline_shared.bus import Publisher, publish_event
from peerline_shared.db import truncate_wal, unit_of_work
from peerline_shared.events import (
    Channel,
    ClientErasureRequested,
    ClientMessageReceived,
    ClientPlace,
    Lang,
)
from peerline_shared.events import subjects as subj
from peerline_shared.events.base import MAX_TEXT_CHARS
from peerline_shared.i18n import normalise_lang
from peerline_shared.logging import get_logger
from peerline_shared.privacy.pseudonym import client_pseudonym
from peerline_shared.privacy.scrub import scrub
from peerline_telegram import rules
from peerline_telegram.alerts import service as alerts
from peerline_telegram.identity import service as identity
from peerline_telegram.identity.crypto import ChatIdCipher
from peerline_telegram.inbound.throttle import ClientThrottle

log = get_logger()
CHANNEL: Channel = "telegram"


class InboundNotStored(RuntimeError):
    """The message could not be published: the update must be retried, not dropped."""


@dataclass(frozen=True)
class Who:
    """The Telegram side of a private chat, as the handlers see it; never leaves this service."""

    chat_id: int
    user_id: int
    language_code: str | None = None


@dataclass(frozen=True)
class Receipt:
    verdict: rules.FloodVerdict
    lang: Lang
    first_contact: bool = False
    parts: int = 0


class InboundDesk:
    """The adapter's inbound use cases; handlers call one method each."""

    def __init__(
        self,
        *,
        sessions: async_sessionmaker[AsyncSession],
        bus: Publisher,
        throttle: ClientThrottle,
        cipher: ChatIdCipher,
        pseudonym_key: bytes,
        flood_limit: int,
    ) -> None:
        self.sessions, self.bus, self.throttle = sessions, bus, throttle
        self.cipher, self.pseudonym_key, self.flood_limit = cipher, pseudonym_key, flood_limit

    def client_id(self, who: Who) -> str:
        return client_pseudonym(self.pseudonym_key, CHANNEL, str(who.user_id))

    def group_key(self, chat_id: int) -> str:
        return client_pseudonym(self.pseudonym_key, "telegram-group", str(chat_id))

    async def receive_text(
        self, who: Who, *, message_id: int, text: str, edit_date: int | None = None
    ) -> Receipt:
        client_id = self.client_id(who)
        verdict = rules.flood_verdict(await self.throttle.count_message(client_id), self.flood_limit)
        if verdict is not rules.FloodVerdict.FORWARD:
            log.warning("telegram.client_throttled", verdict=verdict.value)
            if verdict is rules.FloodVerdict.HOLD_AND_TELL and not await self.first_notice(
                    who, "flood"):
                verdict = rules.FloodVerdict.HOLD
            return Receipt(verdict, await self.language(who))
        async with unit_of_work(self.sessions) as session:
            known = await identity.remember(session, self.cipher, client_id=client_id,
                                            chat_id=who.chat_id)
        events = message_events(client_id, message_id, text, edit_date, known.lang, known.place)
        for event in events:
            await self._publish(event, subj.inbound(CHANNEL))
        log.info("telegram.message_accepted", event_id=str(events[0].event_id),
                 trace_id=events[0].trace_id, parts_count=len(events),
                 is_correction=edit_date is not None,
                 redactions_count=sum(sum(e.redactions.values()) for e in events))
        lang = known.lang or normalise_lang(who.language_code)
        return Receipt(verdict, lang, first_contact=known.is_new, parts=len(events))

    async def start(self, who: Who) -> Lang:
        async with unit_of_work(self.sessions) as session:
            known = await identity.remember(session, self.cipher, client_id=self.client_id(who),
                                            chat_id=who.chat_id)
        return known.lang or normalise_lang(who.language_code)

    async def choose_language(self, who: Who, lang: Lang) -> None:
        async with unit_of_work(self.sessions) as session:
            await identity.choose_language(session, self.cipher, client_id=self.client_id(who),
                                           chat_id=who.chat_id, lang=lang)
            await alerts.follow_language(session, client_id=self.client_id(who), lang=lang)
        log.info("telegram.language_chosen", lang=lang)

    async def choose_place(self, who: Who, place: ClientPlace | None) -> None:
        """Where the client is now (None: rather not say); their next messages carry it."""
        async with unit_of_work(self.sessions) as session:
            await identity.choose_place(session, self.cipher, client_id=self.client_id(who),
                                        chat_id=who.chat_id, place=place)
        log.info("telegram.place_chosen", place_given=place is not None)

    async def place(self, who: Who) -> ClientPlace | None:
        """Where the client said they are (/place or the offer), if they did."""
        async with unit_of_work(self.sessions) as session:
            known = await identity.remember(session, self.cipher, client_id=self.client_id(who),
                                            chat_id=who.chat_id)
        return known.place

    async def language(self, who: Who) -> Lang:
        async with self.sessions() as session:
            stored = await identity.language_of(session, client_id=self.client_id(who))
        return stored or normalise_lang(who.language_code)

    async def forget(self, who: Who) -> None:
        """Erase the map entry, then ask the other services to erase the conversations."""
        client_id = self.client_id(who)
        async with unit_of_work(self.sessions) as session:
            erased = await identity.forget(session, client_id=client_id)
            await alerts.forget(session, client_id=client_id)
        if not await truncate_wal(self.sessions):  # the row's earlier copies leave SQLite's WAL
            log.warning("telegram.wal_not_truncated")
        request = ClientErasureRequested(client_id=client_id, channel=CHANNEL)
        await self._publish(request, subj.CLIENT_ERASURE_REQUESTED)
        log.info("telegram.client_forgotten", event_id=str(request.event_id), had_entry=erased)

    async def first_notice(self, who: Who, kind: str) -> bool:
        return await self.throttle.first_notice(self.client_id(who), kind)

    async def first_time_in_group(self, chat_id: int) -> bool:
        return await self.throttle.first_time_in_group(self.group_key(chat_id))

    async def _publish(self, event: ClientMessageReceived | ClientErasureRequested,
                       subject: str) -> None:
        try:
            await publish_event(self.bus, event, subject)
        except Exception as exc:
            log.error("telegram.publish_failed", error_type=type(exc).__name__,
                      event_id=str(event.event_id))
            raise InboundNotStored(type(exc).__name__) from exc


def message_events(
    client_id: str, message_id: int, text: str, edit_date: int | None, lang: Lang | None,
    place: ClientPlace | None = None,
) -> list[ClientMessageReceived]:
    """One event per Telegram message, or several if the scrubbed text exceeds the wire limit.

    Scrubbing happens before any cut, so a phone number is never split and missed.
    """
    scrubbed = scrub(rules.clean_text(text))
    event_id = rules.inbound_event_id(client_id, message_id, edit_date)
    pieces = rules.split_text(scrubbed.text, MAX_TEXT_CHARS)
    return [
        ClientMessageReceived(
            event_id=rules.part_event_id(event_id, index),
            client_id=client_id,
            channel=CHANNEL,
            text=piece,
            client_message_id=str(message_id) if index == 0 else f"{message_id}.{index}",
            lang_hint=lang,
            is_correction=edit_date is not None,
            redactions=dict(scrubbed.redactions) if index == 0 else {},
            place=place,
        )
        for index, piece in enumerate(pieces)
    ]
