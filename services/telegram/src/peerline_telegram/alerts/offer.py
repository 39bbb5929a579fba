"""Alerts are opt-in: the bot offers them once per client, after the first consultant reply it
delivered (the conversation-closed event carries no client id, by design, so the adapter cannot
wait for the close; the first reply is the first moment the client has had a conversation)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from peerline_shared.db import unit_of_work
from peerline_shared.i18n import Catalogue
from peerline_shared.logging import get_logger
from peerline_telegram.alerts import keyboards
from peerline_telegram.identity import service as identity
from peerline_telegram.outbound.sender import DeliveryPostponed, TelegramSender, Undeliverable

log = get_logger()
OFFER_MAX_WAIT_S = 5.0


class AlertsOffer:
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], sender: TelegramSender, catalogue: Catalogue
    ) -> None:
        self.sessions, self.sender, self.catalogue = sessions, sender, catalogue

    async def after_reply(self, client_id: str, chat_id: int, lang: str) -> None:
        async with unit_of_work(self.sessions) as session:
            first = await identity.first_alerts_offer(session, client_id=client_id)
        if not first:
            return
        keyboard = keyboards.offer(self.catalogue.get("alerts.offer_button", lang))
        try:
            await self.sender.send(
                chat_id,
                client_id,
                self.catalogue.get("alerts.offer", lang),
                keyboard,
                max_wait_s=OFFER_MAX_WAIT_S,
            )
        except (Undeliverable, DeliveryPostponed) as problem:
            log.info("telegram.alerts_offer_not_sent", error_type=type(problem).__name__)
