"""The console hub: every live console gets the same frame; a dead one is dropped."""

from __future__ import annotations

import uuid
from typing import cast

import orjson
from fastapi import WebSocket

from peerline_gateway.console.frames import ConversationFrame
from peerline_gateway.console.hub import ConsoleHub


class RecordingSocket:
    def __init__(self, *, broken: bool = False) -> None:
        self.sent: list[str] = []
        self.broken = broken

    async def send_text(self, text: str) -> None:
        if self.broken:
            raise RuntimeError("the console went away")
        self.sent.append(text)


async def test_broadcast_sends_one_json_frame_to_every_console_and_drops_a_dead_one() -> None:
    hub = ConsoleHub()
    first, second, dead = RecordingSocket(), RecordingSocket(), RecordingSocket(broken=True)
    for socket in (first, dead, second):
        hub.add(cast(WebSocket, socket))
    frame = ConversationFrame(
        change="queued",
        conversation_id=uuid.uuid4(),
        state="queued",
        urgency="emergency",
        lang="uk",
        channel="web",
        alert="overdose",
    )

    await hub.broadcast(frame)

    assert [orjson.loads(text) for text in first.sent] == [frame.model_dump(mode="json")]
    assert orjson.loads(first.sent[0])["type"] == "conversation" and orjson.loads(first.sent[0])["v"] == 1
    assert second.sent == first.sent
    assert cast(WebSocket, dead) not in hub.sockets
    assert len(hub.sockets) == 2
