"""Where the client is: offered once after the first reply (never right after first aid), chosen
on inline keyboards (a country, then Ukraine's oblast), kept encrypted with the chat, changed
with /place, and carried on every message the client writes next."""

from __future__ import annotations

import asyncio
import sqlite3
import uuid
from typing import Any

import pytest

from peerline_shared.bus import publish_event
from peerline_shared.events import ClientPlace, OutboundMessageRequested
from peerline_shared.events import subjects as subj
from peerline_telegram.places.keyboards import ROUTING
from peerline_telegram.places.picker import PlaceChoice
from peerline_telegram.settings import TelegramSettings
from peerline_testing.botapi import ApiCall, BotApiEmulator

from .test_outbound import known_client
from .test_polling import INBOUND, pseudonym

OFFER = "Якщо хочете, скажіть, у якій країні ви зараз"


def outbound(client_id: str, text: str, kind: str = "consultant_reply") -> OutboundMessageRequested:
    return OutboundMessageRequested(
        client_id=client_id,
        channel="telegram",
        text=text,
        kind=kind,  # type: ignore[arg-type]
        sender_alias="Марта" if kind == "consultant_reply" else None,
        conversation_id=uuid.uuid4(),
        lang="uk",
    )


def offers(bot_api: BotApiEmulator, chat_id: int) -> list[ApiCall]:
    return [
        call
        for call in bot_api.calls_of("sendMessage", chat_id=chat_id)
        if str(call.params.get("text", "")).startswith(OFFER)
    ]


def buttons(call: ApiCall) -> list[str]:
    return [
        button["callback_data"] for row in call.params["reply_markup"]["inline_keyboard"] for button in row
    ]


async def deliver(nats_bus: Any, tap: Any, event: OutboundMessageRequested) -> None:
    await publish_event(nats_bus, event, subj.outbound("telegram"))
    await tap.wait(subj.OUTBOUND_DELIVERED, outbound_event_id=str(event.event_id))


async def next_message(bot_api: BotApiEmulator, tap: Any, user: dict[str, Any], text: str) -> dict[str, Any]:
    bot_api.send_text(user, text)
    [event] = await tap.wait(INBOUND, client_id=pseudonym(user["id"]), text=text)
    return event


@pytest.mark.integration
async def test_offered_after_the_first_reply_once_and_poland_travels_with_the_next_messages(
    adapter, bot_api: BotApiEmulator, tap, nats_bus, make_settings
) -> None:
    user, chat_id = bot_api.user(7009001), 7009001
    client_id = await known_client(bot_api, tap, chat_id)
    assert offers(bot_api, chat_id) == [], "never before a reply"
    await deliver(nats_bus, tap, outbound(client_id, "Добрий день"))
    [offer] = await bot_api.wait_for(
        "sendMessage", chat_id=chat_id, where=lambda c: c.params["text"].startswith(OFFER)
    )
    assert {"place:UA", "place:PL", "place:-"} <= set(buttons(offer))
    await deliver(nats_bus, tap, outbound(client_id, "Ще щось?"))
    assert len(offers(bot_api, chat_id)) == 1, "offered once"

    bot_api.press_button(user, "place:PL", message_id=9)
    await bot_api.wait_for("editMessageReplyMarkup", message_id=9, chat_id=chat_id)
    [saved] = await bot_api.wait_for(
        "sendMessage", chat_id=chat_id, where=lambda c: "Збережено" in c.params["text"]
    )
    assert "Польща" in saved.params["text"] and "999 або 112" in saved.params["text"]
    event = await next_message(bot_api, tap, user, "я в Кракові")
    assert event["place"] == {"country": "PL", "region": None}
    [(ciphertext,)] = place_rows(make_settings(), client_id)
    assert ciphertext is not None and b"PL" not in ciphertext, "kept encrypted, like the chat id"


@pytest.mark.integration
async def test_first_aid_is_not_followed_by_the_offer_the_next_reply_is(
    adapter, bot_api: BotApiEmulator, tap, nats_bus
) -> None:
    chat_id = 7009002
    client_id = await known_client(bot_api, tap, chat_id)
    await deliver(nats_bus, tap, outbound(client_id, "Викличте швидку", kind="first_aid"))
    await asyncio.sleep(0.3)  # an offer, if one were wrongly sent, goes out straight after
    assert offers(bot_api, chat_id) == []
    await deliver(nats_bus, tap, outbound(client_id, "Консультант тут"))
    await bot_api.wait_for("sendMessage", chat_id=chat_id, where=lambda c: c.params["text"].startswith(OFFER))


@pytest.mark.integration
async def test_ukraine_then_the_oblast_and_place_changes_or_clears_it(
    adapter, bot_api: BotApiEmulator, tap
) -> None:
    user, chat_id = bot_api.user(7009003, language_code="en"), 7009003
    bot_api.send_text(user, "/place")
    [prompt] = await bot_api.wait_for("sendMessage", chat_id=chat_id)
    assert prompt.params["text"] == "Which country are you in now?" and "place:UA" in buttons(prompt)
    bot_api.press_button(user, "place:UA", message_id=3)
    [oblasts] = await bot_api.wait_for(
        "sendMessage", chat_id=chat_id, where=lambda c: "oblast" in c.params["text"]
    )
    assert {"place:UA-46", "place:UA-30", "place:UA/-"} <= set(buttons(oblasts))
    bot_api.press_button(user, "place:UA-46", message_id=4)
    [saved] = await bot_api.wait_for(
        "sendMessage", chat_id=chat_id, where=lambda c: "Saved" in c.params["text"]
    )
    assert "Lviv oblast, Ukraine" in saved.params["text"] and "103 or 112 (Ukraine)" in saved.params["text"]
    event = await next_message(bot_api, tap, user, "in Lviv now")
    assert event["place"] == {"country": "UA", "region": "UA-46"}

    bot_api.send_text(user, "/place")
    await bot_api.wait_for(
        "sendMessage", count=2, chat_id=chat_id, where=lambda c: "Which country" in c.params["text"]
    )
    bot_api.press_button(user, "place:-", message_id=7)
    await bot_api.wait_for("sendMessage", chat_id=chat_id, where=lambda c: "will not use" in c.params["text"])
    event = await next_message(bot_api, tap, user, "rather not say")
    assert event.get("place") is None


def test_only_the_places_offered_are_understood() -> None:
    assert ROUTING.read("place:PL") == PlaceChoice(ClientPlace(country="PL"))
    assert ROUTING.read("place:UA") == PlaceChoice(ClientPlace(country="UA"), ask_region=True)
    assert ROUTING.read("place:UA-46") == PlaceChoice(ClientPlace(country="UA", region="UA-46"))
    assert ROUTING.read("place:UA/-") == PlaceChoice(ClientPlace(country="UA"))
    assert ROUTING.read("place:-") == PlaceChoice(None)
    for forged in ("place:XX", "place:UA-99", "place:PL-01", "place:pl", "place:", "place:UA/UA-46"):
        assert ROUTING.read(forged) is None, forged


def place_rows(settings: TelegramSettings, client_id: str) -> list[tuple[bytes | None]]:
    path = settings.database_url.split("///", 1)[1]
    with sqlite3.connect(path) as db:
        return db.execute(
            "SELECT place_ciphertext FROM telegram_identity WHERE client_id = ?", (client_id,)
        ).fetchall()
