"""Drivers for end-to-end tests: a web-chat client and a logged-in console."""

from __future__ import annotations

import asyncio
import re
import uuid
from typing import Any

import httpx
import orjson
import websockets

from peerline_devtools.totp import fresh_code
from peerline_shared import dev


class ChatClient:
    def __init__(self, gateway_url: str) -> None:
        self.url = gateway_url.replace("http", "ws", 1) + "/ws/chat"
        self.socket: Any = None
        self.session: str | None = None
        self.frames: list[dict[str, Any]] = []

    async def connect(self, last_seen: str | None = None, lang: str | None = None) -> None:
        self.socket = await websockets.connect(self.url)
        hello: dict[str, Any] = {"type": "hello", "session": self.session, "last_seen": last_seen}
        if lang:
            hello["lang"] = lang
        await self.socket.send(orjson.dumps(hello).decode())
        welcome = orjson.loads(await self.socket.recv())
        assert welcome["type"] == "welcome", welcome
        self.session = welcome["session"]

    async def say(self, text: str, message_id: str | None = None) -> str:
        message_id = message_id or uuid.uuid4().hex
        await self.socket.send(orjson.dumps({"type": "message", "id": message_id, "text": text}).decode())
        return message_id

    async def next_frame(self, kind: str, timeout: float = 10.0, **match: Any) -> dict[str, Any]:
        async def wait() -> dict[str, Any]:
            while True:
                frame = orjson.loads(await self.socket.recv())
                self.frames.append(frame)
                if frame.get("type") == kind and all(frame.get(k) == v for k, v in match.items()):
                    return frame

        return await asyncio.wait_for(wait(), timeout)

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()


class Console:
    def __init__(self, gateway_url: str) -> None:
        self.http = httpx.AsyncClient(base_url=gateway_url, timeout=10.0)
        self.csrf = ""

    async def login(self, login: str = dev.DEMO_LOGIN, password: str = dev.DEMO_PASSWORD) -> httpx.Response:
        response = await self.http.post("/console/login", data={"login": login, "password": password})
        if response.headers.get("location") == "/console/second-factor":
            # The demo supervisor's second factor (development mode's known secret).
            code = await asyncio.to_thread(fresh_code, dev.DEMO_TOTP_SECRET)
            response = await self.http.post("/console/second-factor", data={"code": code})
        if response.status_code == 303:
            page = (await self.http.get("/console")).text
            found = re.search(r'name="csrf-token" content="([^"]+)"', page)
            self.csrf = found.group(1) if found else ""
        return response

    async def queue(self) -> list[dict[str, Any]]:
        response = await self.http.get("/console/api/queue")
        response.raise_for_status()
        items: list[dict[str, Any]] = response.json()["items"]
        return items

    async def wait_for_conversation(self, predicate: Any, timeout: float = 10.0) -> dict[str, Any]:
        deadline = asyncio.get_running_loop().time() + timeout
        while asyncio.get_running_loop().time() < deadline:
            for item in await self.queue():
                if predicate(item):
                    return item
            await asyncio.sleep(0.2)
        raise AssertionError("conversation did not reach the queue")

    async def act(
        self, conversation_id: str, action: str, body: dict[str, Any] | None = None, csrf: bool = True
    ) -> httpx.Response:
        headers = {"X-CSRF-Token": self.csrf} if csrf else {}
        return await self.http.post(
            f"/console/api/conversations/{conversation_id}/{action}", json=body or {}, headers=headers
        )

    async def close(self) -> None:
        await self.http.aclose()
