"""Both emergency tiers in the running system: a certain emergency gets the full first aid, a
possible one the short safety message in the client's chosen language; both jump the queue
at urgency emergency, so every consultant on shift is alerted."""

from __future__ import annotations

import pytest

from peerline_devtools.devstack import DevStack
from peerline_shared.i18n import Catalogue
from peerline_triage.service import first_aid_text

from .support import ChatClient, own_supervisor

pytestmark = [pytest.mark.e2e]

TEXTS = Catalogue.load("peerline_triage")
# Russian, told only through what the writer sees: the lexicons miss it, the model flags it.
POSSIBLE = "мой парень уснул после вечеринки и очень странно храпит"
CERTAIN = "my friend is not breathing and his lips are blue"


async def test_a_possible_emergency_gets_the_safety_message_in_the_chosen_language(system: DevStack) -> None:
    chat, console = ChatClient(system.url("gateway")), await own_supervisor(system)
    try:
        await chat.connect(lang="uk")  # the page was in Ukrainian; the message is in Russian
        await chat.say(POSSIBLE)
        reply = await _auto_reply(chat)
        assert reply["text"] == first_aid_text(TEXTS, "safety.possible", "uk", None)
        item = await console.wait_for_conversation(lambda item: "храпит" in item["preview"])
        assert item["urgency"] == "emergency"
    finally:
        await chat.close()
        await console.close()


async def test_a_certain_emergency_gets_the_full_first_aid(system: DevStack) -> None:
    chat, console = ChatClient(system.url("gateway")), await own_supervisor(system)
    try:
        await chat.connect()
        await chat.say(CERTAIN)
        reply = await _auto_reply(chat)
        assert reply["text"] == first_aid_text(TEXTS, "firstaid.overdose", "en", None)
        item = await console.wait_for_conversation(lambda item: "lips are blue" in item["preview"])
        assert item["urgency"] == "emergency"
    finally:
        await chat.close()
        await console.close()


async def _auto_reply(chat: ChatClient) -> dict[str, object]:
    """The first message frame of kind first_aid (a queue notice may come before or after)."""
    for _ in range(5):
        frame = await chat.next_frame("message")
        if frame.get("kind") == "first_aid":
            return frame
    raise AssertionError(f"no first-aid frame among {chat.frames}")
