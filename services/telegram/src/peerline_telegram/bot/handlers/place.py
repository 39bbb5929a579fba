"""Where the client is: /place, and the presses on the country and oblast keyboards.

The first offer is not made here but after the client's first reply (outbound/service.py):
never before, so it never stands between a client and first aid.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from peerline_shared.places import emergency_values, place_name
from peerline_telegram.bot.handlers.common import who_pressed, who_wrote
from peerline_telegram.bot.replies import Replies
from peerline_telegram.inbound.service import InboundDesk
from peerline_telegram.places.keyboards import PLACE_CALLBACK, ROUTING
from peerline_telegram.places.picker import countries_keyboard, regions_keyboard


def make_router() -> Router:
    router = Router(name="place")
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.message(Command("place"))(place)
    router.callback_query(F.data.startswith(PLACE_CALLBACK))(place_chosen)
    return router


async def place(message: Message, desk: InboundDesk, replies: Replies) -> None:
    if (who := who_wrote(message)) is None:
        return
    lang = await desk.language(who)
    await replies.say(
        who.chat_id,
        desk.client_id(who),
        lang,
        "place.prompt",
        keyboard=countries_keyboard(ROUTING, replies.catalogue, lang),
    )


async def place_chosen(query: CallbackQuery, desk: InboundDesk, replies: Replies) -> None:
    choice = ROUTING.read(query.data or "")
    if choice is None or (query.message is not None and query.message.chat.type != ChatType.PRIVATE):
        await query.answer()
        return
    who = who_pressed(query)
    await desk.choose_place(who, choice.place)
    await query.answer()
    if query.message is not None:
        await replies.drop_keyboard(query.message.chat.id, query.message.message_id)
    lang, key = await desk.language(who), desk.client_id(who)
    if choice.place is None:
        await replies.say(who.chat_id, key, lang, "place.not_said")
    elif choice.ask_region:
        await replies.say(
            who.chat_id,
            key,
            lang,
            "place.which_region",
            keyboard=regions_keyboard(ROUTING, replies.catalogue, lang, choice.place.country),
        )
    else:
        country, region = choice.place.country, choice.place.region
        numbers = emergency_values(country, lang)
        await replies.say(who.chat_id, key, lang, "place.set", place=place_name(country, region, lang),
                          ambulance=numbers["ambulance"], police=numbers["police"])
