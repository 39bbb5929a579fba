"""/alerts (subscribe for a place, in the client's language), /stop, and the flow's buttons."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from peerline_shared.places import place_name
from peerline_telegram.alerts import keyboards
from peerline_telegram.alerts.domain import Place, is_subscribable
from peerline_telegram.alerts.keyboards import SUBSCRIPTION
from peerline_telegram.alerts.subscriptions import SubscriptionDesk
from peerline_telegram.bot.handlers.common import who_pressed, who_wrote
from peerline_telegram.bot.replies import Replies
from peerline_telegram.inbound.service import InboundDesk, Who
from peerline_telegram.places.picker import countries_keyboard, regions_keyboard


def make_router() -> Router:
    router = Router(name="alerts")
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.message(Command("alerts"))(alerts)
    router.message(Command("stop"))(stop)
    router.callback_query(F.data.startswith(keyboards.PREFIX))(chosen)
    return router


async def alerts(
    message: Message, desk: InboundDesk, replies: Replies, subscriptions: SubscriptionDesk
) -> None:
    if (who := who_wrote(message)) is not None:
        await _ask_place(who, desk, replies, subscriptions)


async def stop(
    message: Message, desk: InboundDesk, replies: Replies, subscriptions: SubscriptionDesk
) -> None:
    if (who := who_wrote(message)) is None:
        return
    key = desk.client_id(who)
    stopped = await subscriptions.stop(key)
    await replies.say(
        who.chat_id, key, await desk.language(who), "alerts.stopped" if stopped else "alerts.not_subscribed"
    )


async def chosen(
    query: CallbackQuery, desk: InboundDesk, replies: Replies, subscriptions: SubscriptionDesk
) -> None:
    await query.answer()
    if query.message is not None and query.message.chat.type != ChatType.PRIVATE:
        return
    who = who_pressed(query)
    if query.data == keyboards.OFFER:
        await _ask_place(who, desk, replies, subscriptions)
        return
    choice = SUBSCRIPTION.read(query.data or "")
    if choice is None or choice.place is None:
        return
    if query.message is not None:
        await replies.drop_keyboard(query.message.chat.id, query.message.message_id)
    key, lang = desk.client_id(who), await desk.language(who)
    if choice.ask_region:
        keyboard = regions_keyboard(SUBSCRIPTION, replies.catalogue, lang, choice.place.country)
        await replies.say(who.chat_id, key, lang, "alerts.choose_region", keyboard=keyboard)
        return
    place = Place(choice.place.country, choice.place.region)
    await desk.start(who)  # the chat must be in the map for the alert to reach it
    await subscriptions.subscribe(key, place, lang)
    await replies.say(
        who.chat_id, key, lang, "alerts.subscribed", place=place_name(place.country, place.region, lang)
    )


async def _ask_place(who: Who, desk: InboundDesk, replies: Replies, subscriptions: SubscriptionDesk) -> None:
    """The current subscription, or the place the client already gave (/place: asked once, not
    twice), or the question."""
    lang, key = await desk.start(who), desk.client_id(who)
    current = await subscriptions.place_of(key)
    given = await desk.place(who) if current is None else None
    if given is not None and is_subscribable(given.country, given.region):
        current = Place(given.country, given.region)
        await subscriptions.subscribe(key, current, lang)
        await replies.say(
            who.chat_id,
            key,
            lang,
            "alerts.subscribed",
            keyboard=countries_keyboard(SUBSCRIPTION, replies.catalogue, lang),
            place=place_name(current.country, current.region, lang),
        )
        return
    if current is not None:
        await replies.say(
            who.chat_id,
            key,
            lang,
            "alerts.current",
            keyboard=countries_keyboard(SUBSCRIPTION, replies.catalogue, lang),
            place=place_name(current.country, current.region, lang),
        )
        return
    keyboard = countries_keyboard(SUBSCRIPTION, replies.catalogue, lang)
    await replies.say(who.chat_id, key, lang, "alerts.choose_country", keyboard=keyboard)
