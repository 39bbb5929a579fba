"""Consultants' Telegram: `/link CODE` and `/unlink` (the directory keeps the link), and
notices sent as DMs through the same rate limiter as clients' replies.

A DM is tried once (the sender retries within its own bounds) and then given up: a failure is
logged and counted, never retried forever. Redis remembers each (notice, consultant) pair
sent, so a redelivered notice is not sent twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from prometheus_client import Counter
from redis.asyncio import Redis

from peerline_shared.bus import Bus, request
from peerline_shared.events import (
    CommandResult,
    ConsultantNotified,
    EventBase,
    FindTelegramRecipients,
    LinkTelegram,
    TelegramLinked,
    TelegramRecipient,
    TelegramRecipientsFound,
    UnlinkTelegram,
    utc_now,
)
from peerline_shared.events import subjects as subj
from peerline_shared.i18n import Catalogue
from peerline_shared.logging import get_logger
from peerline_telegram.consultants import dm
from peerline_telegram.outbound.sender import DeliveryPostponed, TelegramSender, Undeliverable

log = get_logger()
R = TypeVar("R", bound=EventBase)
DM_SENT = Counter("peerline_telegram_consultant_dms_total", "Notices sent to consultants as DMs", ["kind"])
DM_FAILED = Counter("peerline_telegram_consultant_dm_failures_total",
                    "Consultant DMs given up (never retried forever)", ["reason"])
DM_KINDS = frozenset({"new_conversation", "emergency", "escalation", "transferred_to_you",
                      "specialist_referral"})
SENT_PREFIX = "telegram:dm-sent:"
SENT_TTL_S = 86400
DM_MAX_WAIT_S = 10.0


class DirectorySilent(Exception):
    """The directory did not answer in time."""


@dataclass
class ConsultantDesk:
    bus: Bus
    redis: Redis
    sender: TelegramSender
    catalogue: Catalogue
    console_url: str
    timeout_s: float

    async def link(self, code: str, telegram_user_id: int) -> TelegramLinked:
        command = LinkTelegram(code=code, telegram_user_id=str(telegram_user_id))
        return await self._ask(subj.RPC_DIRECTORY_TELEGRAM_LINK, command, TelegramLinked)

    async def unlink(self, telegram_user_id: int) -> CommandResult:
        command = UnlinkTelegram(telegram_user_id=str(telegram_user_id))
        return await self._ask(subj.RPC_DIRECTORY_TELEGRAM_UNLINK, command, CommandResult)

    async def notify(self, notice: ConsultantNotified) -> int:
        """DM the notice to whoever the directory says wants it now; returns how many were sent."""
        if notice.kind not in DM_KINDS:
            return 0
        query = FindTelegramRecipients(consultant_ids=notice.consultant_ids, kind=notice.kind,
                                       lang=notice.lang, trace_id=notice.trace_id)
        try:
            found = await self._ask(subj.RPC_DIRECTORY_TELEGRAM_RECIPIENTS, query, TelegramRecipientsFound)
        except DirectorySilent:
            DM_FAILED.labels("directory_unavailable").inc()
            log.warning("telegram.consultant_dm_failed", reason="directory_unavailable",
                        notice_id=str(notice.event_id))
            return 0
        sent = 0
        for recipient in found.recipients:
            sent += await self._dm(notice, recipient)
        return sent

    async def _dm(self, notice: ConsultantNotified, recipient: TelegramRecipient) -> int:
        once = f"{SENT_PREFIX}{notice.event_id}:{recipient.consultant_id}"
        if not await self.redis.set(once, "1", nx=True, ex=SENT_TTL_S):
            return 0  # a redelivered notice: sent (or given up) before
        text = dm.compose(notice, recipient.lang, self.catalogue, self.console_url, utc_now())
        try:
            await self.sender.send(int(recipient.telegram_user_id), f"consultant:{recipient.consultant_id}",
                                   text, max_wait_s=DM_MAX_WAIT_S)
        except (Undeliverable, DeliveryPostponed) as problem:
            reason = problem.reason if isinstance(problem, Undeliverable) else "postponed"
            DM_FAILED.labels(reason).inc()
            log.warning("telegram.consultant_dm_failed", reason=reason, kind=notice.kind,
                        consultant_id=str(recipient.consultant_id), notice_id=str(notice.event_id))
            return 0
        DM_SENT.labels(notice.kind).inc()
        log.info("telegram.consultant_dm_sent", kind=notice.kind, consultant_id=str(recipient.consultant_id),
                 conversation_id=str(notice.conversation_id), notice_id=str(notice.event_id))
        return 1

    async def _ask(self, subject: str, query: EventBase, reply: type[R]) -> R:
        try:
            return await request(self.bus, subject, query, reply, timeout=self.timeout_s)
        except Exception as exc:  # timeout, no responders, an unreadable reply
            log.warning("telegram.directory_unavailable", subject=subject, error_type=type(exc).__name__)
            raise DirectorySilent(subject) from None
