"""Sending approved alerts: one delivery record per subscriber, at most once each.

For each delivery, in this order:
1. wait for a slot of the alert rate (below the bot's overall rate, so replies to clients in a
   conversation always find room) and of the adapter's own limiter (the chat and the bot);
2. mark it `sending` and COMMIT (compare-and-set from `pending`: two replicas never both take it);
3. call the Bot API once;
4. mark it `sent` (with Telegram's message id) or `failed` and commit.

A crash between 2 and 4 leaves the record `sending`: the message may or may not have reached
the chat, and the Bot API has no idempotency key to ask. At start such records become
`uncertain` and are never sent again, so nobody gets an alert twice; at most one record per
process that stopped can be in that state (the loop sends one at a time), and the console
shows the count. Telegram's 429 (nothing sent) returns the record to `pending`; a network or
server error after the call may have sent it, so it is `uncertain` too, not retried.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from dataclasses import dataclass

from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNotFound,
    TelegramRetryAfter,
)
from prometheus_client import Counter
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from peerline_shared.db import unit_of_work
from peerline_shared.events import utc_now
from peerline_shared.logging import get_logger
from peerline_telegram.alerts import service
from peerline_telegram.alerts.domain import Delivery, Status
from peerline_telegram.alerts.repository import AlertRepository
from peerline_telegram.identity.crypto import ChatIdCipher, UnreadableChatId
from peerline_telegram.outbound.limiter import Bucket
from peerline_telegram.outbound.sender import TelegramSender

log = get_logger()
ALERTS_SENT = Counter("peerline_telegram_alerts_sent_total", "Alert deliveries by outcome", ["outcome"])
BATCH = 200


@dataclass(frozen=True)
class Outcome:
    status: Delivery
    reason: str | None = None
    message_id: int | None = None


class AlertDispatcher:
    def __init__(
        self,
        *,
        sessions: async_sessionmaker[AsyncSession],
        cipher: ChatIdCipher,
        sender: TelegramSender,
        rate_per_s: float,
        poll_s: float = 2.0,
    ) -> None:
        self.sessions, self.cipher, self.sender = sessions, cipher, sender
        # A second's worth of tolerance: a slow commit is caught up, the average stays at the rate
        # (the adapter's own limiter still caps the bot at its overall rate).
        self.bucket = Bucket(rate_per_s, max(1, int(rate_per_s)))
        self.poll_s = poll_s
        self.wake = asyncio.Event()

    async def run(self) -> None:
        """The loop of the service's life: recover, then send whatever is approved."""
        await self.recover()
        while True:
            try:
                worked = await self.send_due()
            except Exception as exc:  # a database hiccup must not end sending for good
                log.error("telegram.alerts_loop_failed", error_type=type(exc).__name__)
                worked = False
            if not worked:
                self.wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.wake.wait(), timeout=self.poll_s)

    async def recover(self) -> int:
        async with unit_of_work(self.sessions) as session:
            interrupted = await AlertRepository.from_session(session).mark_interrupted(at=utc_now())
        if interrupted:
            ALERTS_SENT.labels("uncertain").inc(interrupted)
            log.warning("telegram.alerts_interrupted", uncertain_count=interrupted)
        return interrupted

    async def send_due(self) -> bool:
        """One batch of every alert being sent; False when there was nothing to do."""
        async with self.sessions() as session:
            alert_ids = await AlertRepository.from_session(session).list_sending_ids()
        worked = False
        for alert_id in alert_ids:
            worked = await self._send_batch(alert_id) or worked
        return worked

    async def _send_batch(self, alert_id: uuid.UUID) -> bool:
        async with self.sessions() as session:
            repository = AlertRepository.from_session(session)
            alert = await repository.get(alert_id=alert_id)
            pending = await repository.list_pending(alert_id=alert_id, limit=BATCH)
        if alert is None or alert.status != Status.SENDING:
            return False
        if not pending:
            await self._finish(alert_id)
            return False
        # A cancellation moves pending records to failed: the compare-and-set then skips them.
        for client_id, lang, chat_blob in pending:
            await self._deliver(alert_id, client_id, alert.texts.get(lang, ""), chat_blob)
        return True

    async def _deliver(self, alert_id: uuid.UUID, client_id: str, text: str, chat_blob: bytes | None) -> None:
        chat_id = self._chat(client_id, chat_blob)
        if chat_id is None or not text:
            unknown = Outcome(Delivery.FAILED, "client_unknown")
            await self._move(alert_id, client_id, Delivery.PENDING, unknown)
            return
        await self._slot(client_id)
        if not await self._move(alert_id, client_id, Delivery.PENDING, Outcome(Delivery.SENDING)):
            return  # another replica took it, or it was cancelled meanwhile
        outcome = await self._call(chat_id, client_id, text)
        await self._move(alert_id, client_id, Delivery.SENDING, outcome)
        ALERTS_SENT.labels(outcome.status.value if outcome.status != Delivery.PENDING else "retry").inc()

    async def _slot(self, client_id: str) -> None:
        wait = self.bucket.reserve(time.monotonic())
        if wait > 0:
            await asyncio.sleep(wait)
        await self.sender.limiter.acquire(client_id)

    async def _call(self, chat_id: int, client_id: str, text: str) -> Outcome:
        try:
            sent = await self.sender.bot.send_message(chat_id=chat_id, text=text)
        except TelegramRetryAfter as exc:  # nothing was sent: it goes back in line
            self.sender.limiter.pause_chat(client_id, exc.retry_after)
            self.bucket.pause_until(time.monotonic() + exc.retry_after)
            return Outcome(Delivery.PENDING)
        except TelegramForbiddenError:
            return Outcome(Delivery.FAILED, "bot_blocked")
        except (TelegramNotFound, TelegramBadRequest):
            return Outcome(Delivery.FAILED, "rejected")
        except Exception as exc:  # the request may have reached Telegram: never sent again
            log.warning("telegram.alert_send_uncertain", error_type=type(exc).__name__)
            return Outcome(Delivery.UNCERTAIN, type(exc).__name__[:32])
        return Outcome(Delivery.SENT, message_id=sent.message_id)

    def _chat(self, client_id: str, chat_blob: bytes | None) -> int | None:
        if chat_blob is None:
            return None
        try:
            return self.cipher.decrypt(chat_blob, client_id)
        except UnreadableChatId:
            log.error("telegram.alert_chat_unreadable")
            return None

    async def _move(
        self, alert_id: uuid.UUID, client_id: str, from_status: Delivery, outcome: Outcome
    ) -> bool:
        async with unit_of_work(self.sessions) as session:
            return await AlertRepository.from_session(session).move(
                alert_id=alert_id,
                client_id=client_id,
                from_status=from_status,
                to_status=outcome.status,
                at=utc_now(),
                reason=outcome.reason,
                message_id=outcome.message_id,
            )

    async def _finish(self, alert_id: uuid.UUID) -> None:
        async with unit_of_work(self.sessions) as session:
            repository = AlertRepository.from_session(session)
            alert = await repository.get(alert_id=alert_id)
            by_status = await repository.delivery_counts(alert_id=alert_id)
            if alert is None or alert.status != Status.SENDING or by_status.get(Delivery.SENDING):
                return
            now = utc_now()
            alert.status, alert.finished_at = Status.SENT, now
            await service.audit_finished(session, alert, now, by_status)
        log.info(
            "telegram.alert_finished",
            alert_id=str(alert_id),
            **{f"{k}_count": v for k, v in by_status.items()},
        )
