"""Drivers for end-to-end tests: a web-chat client and a logged-in console."""

from __future__ import annotations

import asyncio
import re
import secrets
import uuid
from typing import Any

import httpx
import orjson
import websockets

from peerline_devtools.devstack import DevStack
from peerline_devtools.totp import fresh_code
from peerline_shared import dev

TOTP_SECRET = re.compile(r'id="totp-secret">([A-Z2-7]+)<')


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
        self.alias = dev.DEMO_ALIAS
        """Who is signed in, as clients see them: the demo supervisor unless `own_supervisor`."""

    async def login(self, login: str = dev.DEMO_LOGIN, password: str = dev.DEMO_PASSWORD) -> httpx.Response:
        response = await self.http.post("/console/login", data={"login": login, "password": password})
        if response.headers.get("location") == "/console/second-factor":
            # The demo supervisor's second factor (development mode's known secret).
            code = await asyncio.to_thread(fresh_code, dev.DEMO_TOTP_SECRET)
            response = await self.http.post("/console/second-factor", data={"code": code})
        if response.status_code == 303:
            await self._read_csrf()
        return response

    async def enrol(self, login: str, password: str, alias: str) -> None:
        """The first sign-in of a new supervisor: the password, then enrolment in the second
        factor with the secret the gateway shows (nobody has used it: no step to wait for)."""
        response = await self.http.post("/console/login", data={"login": login, "password": password})
        assert response.headers.get("location") == "/console/enrol", response.text
        found = TOTP_SECRET.search((await self.http.get("/console/enrol")).text)
        assert found is not None, "no secret on the enrolment page"
        code = await asyncio.to_thread(fresh_code, found.group(1))
        enrolled = await self.http.post("/console/enrol", data={"code": code})
        assert enrolled.status_code == 200, enrolled.text[-500:]
        await self._read_csrf()
        assert self.csrf, "enrolled, but the console page has no CSRF token"
        self.alias = alias

    async def _read_csrf(self) -> None:
        page = (await self.http.get("/console")).text
        found = re.search(r'name="csrf-token" content="([^"]+)"', page)
        self.csrf = found.group(1) if found else ""

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


async def own_supervisor(system: DevStack, alias: str = "Supervisor E2E") -> Console:
    """A console signed in as a supervisor of the test's own (made as an operator makes one,
    then enrolled), who sees and may act on every conversation: not the demo supervisor, whose
    sessions another test's sign-out or password change would end, and who can sign in only
    about twice a minute (CONTRIBUTING.md, "Test")."""
    login, password = f"s-{secrets.token_hex(4)}", secrets.token_urlsafe(12)
    await asyncio.to_thread(system.add_console_account, login, password, alias, "supervisor")
    console = Console(system.url("gateway"))
    try:
        await console.enrol(login, password, alias)
    except BaseException:
        await console.close()
        raise
    return console
