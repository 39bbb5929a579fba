"""A consultant's own Telegram, end to end (every service a process, the Bot API emulator):
a code from the console links their account through the bot, an emergency reaches them as a
DM while no console of theirs is open, and no DM carries anything a client wrote. A consultant
off shift who chose "emergencies at any time" opens the emergency they were DMed about without
a break-glass reason."""

from __future__ import annotations

import re
import secrets
import uuid

import httpx
import pytest

from peerline_devtools.devstack import DevStack
from peerline_shared import dev
from peerline_testing.botapi import BotApiInThread

from .support import ChatClient, Console, own_supervisor

pytestmark = [pytest.mark.e2e]

CONSULTANT_CHAT = 7770001
NIGHT_OWL_CHAT = 7770102  # unique across the system tests: they share one Bot API emulator
ADMIN_TOKEN = "dev-insecure-directory-admin-token"
CLIENT_TEXT = "my friend is not breathing and his lips are blue, we are at Obolon metro"


async def test_a_linked_consultant_gets_an_emergency_dm_without_client_text(
    system: DevStack, system_bot_api: BotApiInThread
) -> None:
    bot = system_bot_api
    code = await link_code(system)  # the console is closed from here on
    me = bot.call(lambda api: api.user(CONSULTANT_CHAT, "Olena", language_code="en"))
    bot.call(lambda api: api.send_text(me, f"/link {code}"))
    [linked] = await bot.texts_to(CONSULTANT_CHAT, 1)
    assert dev.DEMO_ALIAS in linked

    chat = ChatClient(system.url("gateway"))
    try:
        await chat.connect(lang="en")
        await chat.say(CLIENT_TEXT)
        texts = await bot.texts_to(CONSULTANT_CHAT, 2, within_s=30)
    finally:
        await chat.close()
    alert = texts[1]  # in the consultant's first language (the demo's: Ukrainian)
    assert "НЕВІДКЛАДНО" in alert and "Терміновість: emergency" in alert and "Мова: en" in alert
    assert f"{system.url('gateway')}/console#conversation=" in alert

    bot.call(lambda api: api.send_text(me, "/unlink"))
    texts = await bot.texts_to(CONSULTANT_CHAT, 3)
    words = {word for word in re.findall(r"\w{4,}", CLIENT_TEXT)} - {"emergency"}
    for dm in texts:  # every message the bot sent the consultant, the repeats included
        assert not {word for word in words if word in dm.lower()}, dm
    await close_the_emergency(system, alert)


async def test_an_off_shift_consultant_dmed_about_an_emergency_reads_it_without_a_reason(
    system: DevStack, system_bot_api: BotApiInThread
) -> None:
    bot = system_bot_api
    console = await off_shift_consultant(system, "Night owl")
    try:
        code = await issue_code(console)
        chosen = await console.http.post("/console/account/telegram", data={
            "action": "set_mode", "notify_mode": "emergencies_any_time", "csrf_token": console.csrf})
        assert chosen.status_code == 200, chosen.text[-500:]
        me = bot.call(lambda api: api.user(NIGHT_OWL_CHAT, "Night owl", language_code="en"))
        bot.call(lambda api: api.send_text(me, f"/link {code}"))
        await bot.texts_to(NIGHT_OWL_CHAT, 1)

        chat = ChatClient(system.url("gateway"))
        try:
            await chat.connect(lang="en")
            await chat.say(CLIENT_TEXT)
            alert = (await bot.texts_to(NIGHT_OWL_CHAT, 2, within_s=30))[1]
        finally:
            await chat.close()
        found = re.search(r"#conversation=([0-9a-f-]{36})", alert)
        assert found, alert
        opened = await console.http.get(f"/console/api/conversations/{found.group(1)}")
        assert opened.status_code == 200, opened.text  # not 403 need_to_know
        assert any("not breathing" in m["text"] for m in opened.json()["messages"])
        bot.call(lambda api: api.send_text(me, "/unlink"))
        await close_the_emergency(system, alert)
    finally:
        await console.close()


async def off_shift_consultant(system: DevStack, alias: str) -> Console:
    """A consultant in the directory with no shift at all, signed in to the console."""
    async with httpx.AsyncClient(base_url=system.url("directory"),
                                 headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}) as directory:
        created = await directory.post("/admin/consultants", json={"alias": alias, "languages": ["en", "uk"]})
        assert created.status_code == 201, created.text
        consultant_id = uuid.UUID(created.json()["id"])
    login, password = f"t-{secrets.token_hex(4)}", "Night-lantern-" + secrets.token_hex(4)
    system.add_console_account(login, password, alias, "consultant", str(consultant_id))
    console = Console(system.url("gateway"))
    assert (await console.login(login, password)).status_code == 303
    return console


async def issue_code(console: Console) -> str:
    page = await console.http.post("/console/account/telegram",
                                   data={"action": "issue_code", "csrf_token": console.csrf})
    found = re.search(r"/link ([A-Z2-9]{8})", page.text)
    assert page.status_code == 200 and found, page.text[-500:]
    return found.group(1)


async def link_code(system: DevStack) -> str:
    """The demo supervisor's, on purpose: the one on shift in the directory, so alerted."""
    console = Console(system.url("gateway"))
    try:
        assert (await console.login()).status_code == 303
        return await issue_code(console)
    finally:
        await console.close()


async def close_the_emergency(system: DevStack, alert: str) -> None:
    """Claimed and closed: the shared system's next tests see no emergency of ours waiting."""
    found = re.search(r"#conversation=([0-9a-f-]{36})", alert)
    assert found
    console = await own_supervisor(system, "Supervisor closing")
    try:
        assert (await console.act(found.group(1), "claim")).status_code == 200
        assert (await console.act(found.group(1), "close", {"outcomes": ["resolved"]})).status_code == 200
    finally:
        await console.close()
