"""Channel posts end to end: every service a process, the bot talking to the Bot API emulator.

A supervisor configures a channel, schedules a post a few seconds ahead; the gateway is killed
(`kill -9`) and comes back only after the post's time: the stored schedule still publishes it,
once, not before its time, formatted; an edit changes that message; both are audited.
"""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from peerline_devtools.devstack import DEFAULT_PORTS, DevStack
from peerline_devtools.localservers import free_port_map
from peerline_shared.events import utc_now
from peerline_testing.botapi import BotApiEmulator

from .support import Console

pytestmark = [pytest.mark.e2e]

CHANNEL = -1009001
AHEAD_S = 5


async def test_a_scheduled_post_appears_in_the_channel_at_its_time_and_an_edit_changes_it(
    tmp_path: Path,
) -> None:
    async with BotApiEmulator() as api:
        env = api.adapter_env("123:e2e-token") | {"PEERLINE_GATEWAY_POSTS_CHECK_SECONDS": "0.5"}
        stack = DevStack(tmp_path / "system", free_port_map(DEFAULT_PORTS), extra_env=env)
        await asyncio.to_thread(stack.start)
        console = Console(stack.url("gateway"))
        try:
            assert (await console.login()).status_code == 303
            await post_edit_and_check(api, console, stack)
        finally:
            await console.close()
            await asyncio.to_thread(stack.stop)


async def post_edit_and_check(api: BotApiEmulator, console: Console, stack: DevStack) -> None:
    headers = {"X-CSRF-Token": console.csrf}
    added = await console.http.post(
        "/console/api/channels", headers=headers, json={"chat_id": str(CHANNEL), "title": "Peerline UA"}
    )
    assert added.status_code == 200, added.text
    publish_at, due_monotonic = utc_now() + timedelta(seconds=AHEAD_S), time.monotonic() + AHEAD_S
    body = {
        "lang": "uk",
        "title": "Overdose Awareness Day",
        "channel_ids": [added.json()["item"]["id"]],
        "text": "<strong>31 серпня</strong> — День пам'яті <a href='https://example.org'>деталі</a>",
        "publish_at": publish_at.isoformat(),
    }
    created = await console.http.post("/console/api/posts", headers=headers, json=body)
    assert created.status_code == 200 and created.json()["item"]["state"] == "scheduled", created.text
    await asyncio.to_thread(restart_gateway_after, stack, due_monotonic + 1)

    [sent] = await api.wait_for("sendMessage", chat_id=CHANNEL, within_s=AHEAD_S + 25)
    assert sent.at >= due_monotonic - 0.5, "published before its time"
    assert sent.params["parse_mode"] == "HTML"
    assert sent.params["text"] == '<b>31 серпня</b> — День пам\'яті <a href="https://example.org">деталі</a>'
    post_id = created.json()["item"]["id"]
    delivery = await recorded_delivery(console, post_id)
    assert delivery["message_id"] is not None

    edited = await console.http.put(
        f"/console/api/posts/{post_id}", headers=headers, json=body | {"text": "<i>Змінено</i>: 31 серпня"}
    )
    assert edited.status_code == 200 and edited.json()["ok"], edited.text
    [edit] = api.calls_of("editMessageText", chat_id=CHANNEL)
    assert (
        edit.params["message_id"] == delivery["message_id"]
        and edit.params["text"] == "<i>Змінено</i>: 31 серпня"
    )
    assert len(api.calls_of("sendMessage", chat_id=CHANNEL)) == 1  # once, restart and all

    audit = (await console.http.get("/console/api/posts/audit", params={"post_id": post_id})).json()
    assert audit["chain_ok"]
    actions = [entry["action"] for entry in reversed(audit["entries"])]
    assert actions == ["post.created", "channel.published", "post.edited", "channel.edited"]


async def recorded_delivery(console: Console, post_id: str) -> dict[str, Any]:
    """The delivery once the gateway has recorded Telegram's answer (just after the emulator saw it)."""
    for _ in range(100):
        listed = (await console.http.get("/console/api/posts")).json()["items"]
        [delivery] = next(item for item in listed if item["id"] == post_id)["deliveries"]
        if delivery["state"] == "sent":
            return dict(delivery)
        await asyncio.sleep(0.1)
    raise AssertionError(f"the delivery stayed {delivery['state']}")


def restart_gateway_after(stack: DevStack, when_monotonic: float) -> None:
    """`kill -9` the gateway now; start it again once the post is due (nothing is in memory)."""
    process = stack.services["gateway"].process
    assert process is not None
    process.kill()
    process.wait()
    time.sleep(max(0.0, when_monotonic - time.monotonic()))
    stack.start_service("gateway")
    stack.wait_healthy(("gateway",))
