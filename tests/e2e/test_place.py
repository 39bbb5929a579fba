"""Where the client is, end to end with processes: a Telegram client is asked after the first
reply, says they are in Poland, and then an overdose gets first aid with Polish numbers and is
offered first to the consultant who serves Poland."""

from __future__ import annotations

import asyncio
import secrets
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from peerline_devtools.devstack import DEFAULT_PORTS, DevStack
from peerline_devtools.localservers import free_port_map
from peerline_testing.botapi import BotApiEmulator

from .support import Console

pytestmark = [pytest.mark.e2e]

CHAT_ID = 5550009876
ADMIN_TOKEN = "dev-insecure-directory-admin-token"
PASSWORD = "Harbour-lantern-" + secrets.token_hex(4)
ALWAYS = [{"weekday": day, "starts": "00:00", "ends": "00:00"} for day in range(7)]
OVERDOSE = "Допоможіть, мій друг передознувся героїном, не дихає, губи сині"


async def test_a_client_in_poland_gets_polish_numbers_and_the_consultant_for_poland_first(
    tmp_path: Path,
) -> None:
    async with BotApiEmulator() as api:
        stack = DevStack(
            tmp_path / "system", free_port_map(DEFAULT_PORTS), extra_env=api.adapter_env("123:e2e-token")
        )
        await asyncio.to_thread(stack.start)
        consoles: list[Console] = []
        try:
            krakow = await on_shift_consultant(stack, "Kraków", ["PL", "UA"], consoles)
            # Two who serve only Ukraine: without the country, Kraków would come first one time in three.
            for alias in ("Kyiv", "Odesa"):
                await on_shift_consultant(stack, alias, ["UA"], consoles)
            user = api.user(CHAT_ID, "Oksana", language_code="uk")
            await say_where_after_the_first_reply(api, stack, user, consoles)

            api.send_text(user, OVERDOSE)
            [first_aid] = await api.wait_for(
                "sendMessage",
                chat_id=CHAT_ID,
                within_s=20,
                where=lambda call: "Викличте швидку" in call.params["text"],
            )
            assert "Викличте швидку: 999 або 112 (Польща)." in first_aid.params["text"]
            assert "103" not in first_aid.params["text"]
            item = await consoles[0].wait_for_conversation(
                lambda item: "губи сині" in item["preview"] and item["urgency"] == "emergency", timeout=20
            )
            assert item["offered_to"][0] == str(krakow), "the consultant who serves Poland comes first"
        finally:
            for console in consoles:
                await console.close()
            await asyncio.to_thread(stack.stop)


async def on_shift_consultant(
    stack: DevStack, alias: str, countries: list[str], consoles: list[Console]
) -> uuid.UUID:
    """A consultant who speaks Ukrainian, is on shift around the clock and available."""
    async with httpx.AsyncClient(
        base_url=stack.url("directory"), headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}
    ) as directory:
        profile = {"alias": alias, "languages": ["uk"], "countries": countries, "capacity": 3}
        created = await directory.post("/admin/consultants", json=profile)
        assert created.status_code == 201, created.text
        consultant_id = uuid.UUID(created.json()["id"])
        for slot in ALWAYS:
            added = await directory.post(f"/admin/consultants/{consultant_id}/shifts/slots", json=slot)
            assert added.status_code == 201, added.text
    login = f"t-{secrets.token_hex(4)}"
    await asyncio.to_thread(
        stack.add_console_account, login, PASSWORD, alias, "consultant", str(consultant_id)
    )
    console = Console(stack.url("gateway"))
    consoles.append(console)
    assert (await console.login(login, PASSWORD)).status_code == 303
    presence = await console.http.post(
        "/console/api/presence", json={"status": "available"}, headers={"X-CSRF-Token": console.csrf}
    )
    assert presence.status_code == 200, presence.text
    return consultant_id


async def say_where_after_the_first_reply(
    api: BotApiEmulator, stack: DevStack, user: dict[str, Any], consoles: list[Console]
) -> None:
    """The first conversation: a question, the demo supervisor's answer, the offer; Poland."""
    api.send_text(user, "Привіт, підкажіть про замісну терапію")
    demo = Console(stack.url("gateway"))
    consoles.insert(0, demo)
    assert (await demo.login()).status_code == 303
    item = await demo.wait_for_conversation(lambda item: "замісну терапію" in item["preview"], timeout=20)
    assert (await demo.act(item["conversation_id"], "claim")).status_code == 200
    assert (await demo.act(item["conversation_id"], "reply", {"text": "Добрий день!"})).status_code == 200
    [offer] = await api.wait_for(
        "sendMessage", chat_id=CHAT_ID, within_s=20, where=lambda call: "у якій країні" in call.params["text"]
    )
    assert "place:PL" in str(offer.params["reply_markup"])
    api.press_button(user, "place:PL")
    await api.wait_for(
        "sendMessage",
        chat_id=CHAT_ID,
        within_s=20,
        where=lambda call: "Збережено: Польща" in call.params["text"],
    )
    assert (await demo.act(item["conversation_id"], "close", {"outcomes": []})).status_code == 200
