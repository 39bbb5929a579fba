"""The Telegram adapter: wiring only.

Disabled (the default) it runs for health and says so; enabled it takes updates by long
polling or a webhook (settings), and sends the outbound replies for Telegram clients.
"""

from __future__ import annotations

import asyncio
import logging

from aiogram import Bot
from fastapi import FastAPI

from peerline_shared.bus.lease import Lease, lead
from peerline_shared.events import subjects as subj
from peerline_shared.i18n import Catalogue
from peerline_shared.logging import get_logger
from peerline_shared.privacy.scrub import scrub
from peerline_shared.runtime import Runtime, create_service_app, new_runtime
from peerline_telegram.alerts import handlers as alert_handlers
from peerline_telegram.alerts.delivery import AlertDispatcher
from peerline_telegram.alerts.offer import AlertsOffer
from peerline_telegram.bot.factory import make_bot, make_dispatcher
from peerline_telegram.bot.intake import UpdateIntake, poll
from peerline_telegram.bot.library import Library
from peerline_telegram.bot.replies import Replies
from peerline_telegram.bot.webhook import MAX_BODY_BYTES, webhook_router
from peerline_telegram.channels import handlers as channel_handlers
from peerline_telegram.channels.service import ChannelDesk
from peerline_telegram.consultants import handlers as consultant_handlers
from peerline_telegram.consultants.service import ConsultantDesk
from peerline_telegram.identity.crypto import ChatIdCipher
from peerline_telegram.inbound.service import InboundDesk
from peerline_telegram.inbound.throttle import ClientThrottle
from peerline_telegram.outbound import handlers as outbound_handlers
from peerline_telegram.outbound.limiter import SendLimiter
from peerline_telegram.outbound.progress import SendProgress
from peerline_telegram.outbound.sender import TelegramSender
from peerline_telegram.outbound.service import OutboundDesk
from peerline_telegram.settings import TelegramSettings

log = get_logger()
TITLE = "Peerline Telegram adapter"


def create_app(settings: TelegramSettings | None = None) -> FastAPI:
    settings = settings or TelegramSettings()
    runtime = new_runtime(settings, "telegram", uses_db=True, uses_redis=True)
    if not settings.enabled or settings.bot_token is None:
        return create_service_app(runtime, title=TITLE, on_started=[_announce_disabled])
    bot = make_bot(settings.bot_token.get_secret_value(), settings.api_base_url)

    async def connect(runtime: Runtime) -> None:
        intake, outbound, channels, consultants = build(runtime, settings, bot)
        alerts = AlertDispatcher(sessions=runtime.sessions, cipher=outbound.cipher, sender=outbound.sender,
                                 rate_per_s=settings.alert_rate_per_s)
        runtime.provide(intake=intake, outbound=outbound, channels=channels, alerts=alerts,
                        consultants=consultants, actor_key=settings.actor_key.get_secret_value().encode())

    async def start_bot(runtime: Runtime) -> None:
        intake = runtime.provided("intake", UpdateIntake)
        runtime.spawn(_close_at_exit(bot), "telegram-session")
        await _send_alerts_on_leader(runtime, settings)
        if settings.update_mode == "polling":
            runtime.spawn(poll(intake, settings.polling_timeout_s), "telegram-polling")
        else:
            runtime.spawn(_register_webhook(settings, intake), "telegram-webhook")

    routers = []
    if settings.update_mode == "webhook":
        routers.append(webhook_router(settings.webhook_path))
    # The webhook's body limit applies before the secret is checked (peerline_shared.http_edges).
    bus_routers = [outbound_handlers.router, channel_handlers.router, alert_handlers.router,
                   consultant_handlers.router]
    return create_service_app(runtime, title=TITLE, routers=routers, bus_routers=bus_routers,
                              on_connected=[connect], on_started=[start_bot],
                              body_limits={settings.webhook_path: MAX_BODY_BYTES})


def build(
    runtime: Runtime, settings: TelegramSettings, bot: Bot
) -> tuple[UpdateIntake, OutboundDesk, ChannelDesk, ConsultantDesk]:
    """Every collaborator, from settings and the live connections."""
    catalogue = Catalogue.load("peerline_telegram")
    cipher = ChatIdCipher(settings.map_key.get_secret_value())
    limiter = SendLimiter(chat_rate=settings.chat_rate_per_s, chat_burst=settings.chat_burst,
                          global_rate=settings.global_rate_per_s)
    sender = TelegramSender(bot, limiter, attempts=settings.send_attempts,
                            wait_budget_s=settings.send_wait_budget_s)
    throttle = ClientThrottle(runtime.redis, window_s=settings.flood_window_s,
                              notice_cooldown_s=settings.notice_cooldown_s)
    desk = InboundDesk(sessions=runtime.sessions, bus=runtime.broker, throttle=throttle,
                       cipher=cipher, pseudonym_key=settings.pseudonym_key.get_secret_value().encode(),
                       flood_limit=settings.flood_limit)
    offer = AlertsOffer(runtime.sessions, sender, catalogue)
    outbound = OutboundDesk(sessions=runtime.sessions, bus=runtime.broker, cipher=cipher,
                            sender=sender, progress=SendProgress(runtime.redis), catalogue=catalogue,
                            after_reply=offer.after_reply)
    # aiogram logs a line per update; ours already say what happened, with the ids.
    logging.getLogger("aiogram.event").setLevel(logging.WARNING)
    scrub("warm up")  # load the scrubber's dictionaries now, not on a client's first message
    channels = ChannelDesk(bot=bot, sessions=runtime.sessions, limiter=limiter)
    consultants = ConsultantDesk(bus=runtime.broker, redis=runtime.redis, sender=sender, catalogue=catalogue,
                                 console_url=settings.console_url, timeout_s=settings.directory_timeout_s)
    dispatcher = make_dispatcher(desk, Replies(sender, catalogue), Library(runtime.broker), consultants)
    return UpdateIntake(bot, dispatcher), outbound, channels, consultants


async def _register_webhook(settings: TelegramSettings, intake: UpdateIntake) -> None:
    """Retried until Telegram accepts it, so a Bot API hiccup at start is not fatal."""
    delay = 1.0
    while True:
        try:
            await intake.bot.set_webhook(
                url=settings.webhook_url, secret_token=settings.webhook_secret.get_secret_value(),
                allowed_updates=intake.allowed_updates(), drop_pending_updates=False,
            )
            log.info("telegram.webhook_registered", allowed_updates=intake.allowed_updates())
            return
        except Exception as exc:
            log.warning("telegram.webhook_registration_failed", error_type=type(exc).__name__,
                        delay_s=delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 60.0)


async def _send_alerts_on_leader(runtime: Runtime, settings: TelegramSettings) -> None:
    """Every replica campaigns; the lease's holder sends approved alerts. Each delivery is still
    taken by a compare-and-set (alerts/delivery.py): leases can overlap for a moment."""
    dispatcher = runtime.provided("alerts", AlertDispatcher)
    lease = await Lease.open(runtime.broker.jetstream(), key=subj.LEASE_TELEGRAM_ALERTS,
                             ttl_s=settings.leader_lease_s, replicas=settings.stream_replicas)
    runtime.spawn(lead(lease, lambda: {"alerts": dispatcher.run()}), "telegram-alerts-leader")


async def _close_at_exit(bot: Bot) -> None:
    try:
        await asyncio.Event().wait()
    finally:
        await bot.session.close()


async def _announce_disabled(_: Runtime) -> None:
    log.info("telegram.disabled",
             reason="PEERLINE_TELEGRAM_ENABLED is false: no bot runs, health only")
