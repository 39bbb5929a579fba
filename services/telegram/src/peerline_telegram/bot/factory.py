"""The aiogram Bot (pointed at the configured Bot API server) and the Dispatcher."""

from __future__ import annotations

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from peerline_telegram.alerts.subscriptions import SubscriptionDesk
from peerline_telegram.bot.handlers import alerts, groups, library, messages, onboarding, place
from peerline_telegram.bot.handlers import consultants as consultant_commands
from peerline_telegram.bot.library import Library
from peerline_telegram.bot.replies import Replies
from peerline_telegram.consultants.service import ConsultantDesk
from peerline_telegram.inbound.service import InboundDesk


def make_bot(token: str, api_base_url: str) -> Bot:
    """No I/O here: aiogram opens its HTTP session on the first call."""
    session = AiohttpSession(api=TelegramAPIServer.from_base(api_base_url))
    return Bot(token=token, session=session)


def make_dispatcher(desk: InboundDesk, replies: Replies, articles: Library,
                    consultants: ConsultantDesk | None = None) -> Dispatcher:
    dispatcher = Dispatcher(desk=desk, replies=replies, library=articles,
                            subscriptions=SubscriptionDesk(desk.sessions), consultants=consultants)
    # Order matters: groups first (they get one notice and nothing else), then commands
    # (a consultant's `/link CODE` is never forwarded as a client's text), then everything a
    # client writes.
    dispatcher.include_routers(
        groups.make_router(), consultant_commands.make_router(), onboarding.make_router(),
        place.make_router(), alerts.make_router(), library.make_router(),
        messages.make_router(),
    )
    return dispatcher
