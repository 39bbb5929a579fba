"""The round trip `make deploy-check` runs through the TLS proxy, as a client and a consultant
would: a web-chat message reaches the console queue, is claimed, answered, and the answer
reaches the client's socket."""

from __future__ import annotations

import asyncio
import re
import ssl
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import orjson
import websockets

from peerline_devtools.totp import fresh_code

HIDDEN_ROUTES = ("/metrics", "/docs", "/openapi.json", "/healthz")
PUBLIC_ROUTES = ("/", "/widget.js", "/console/login")
OVERSIZED_BODY = 2 * 1024 * 1024
RETRY_AFTER_S = 0.5


class RoundTripFailed(Exception):
    pass


def letter_tag() -> str:
    """Letters only: the scrubber leaves them alone (no digits that could look like a phone)."""
    return "".join(chr(ord("a") + int(c, 16) % 26) for c in uuid.uuid4().hex[:10])


class RoundTrip:
    def __init__(self, url: str, root_cert: str, login: str, password: str,
                 log: Callable[[str], None] = print) -> None:
        self.url = url
        self.tls = ssl.create_default_context(cafile=root_cert)
        self.login, self.password, self.log = login, password, log
        self.http: httpx.AsyncClient | None = None
        self.csrf = ""
        self.totp_secret = ""

    async def open(self) -> None:
        self.http = httpx.AsyncClient(base_url=self.url, verify=self.tls, timeout=10.0)
        credentials = {"login": self.login, "password": self.password}
        response = await self.http.post("/console/login", data=credentials)
        if response.status_code != 303:
            raise RoundTripFailed(f"console login through the proxy: {response.status_code}")
        await self._second_factor(response.headers.get("location", ""))
        page = (await self.http.get("/console")).text
        found = re.search(r'name="csrf-token" content="([^"]+)"', page)
        self.csrf = found.group(1) if found else ""

    async def _second_factor(self, asked: str) -> None:
        """The check signs in as a supervisor (who sees every queue item): the first sign-in
        enrols a second factor from the secret the enrolment page shows, later ones use it."""
        assert self.http is not None
        if asked == "/console/enrol":
            found = re.search(r'id="totp-secret">([A-Z2-7]+)<', (await self.http.get(asked)).text)
            if found is None:
                raise RoundTripFailed("the enrolment page shows no second-factor secret")
            self.totp_secret = found.group(1)
        elif asked != "/console/second-factor":
            return
        code = await asyncio.to_thread(fresh_code, self.totp_secret)
        response = await self.http.post(asked, data={"code": code})
        if response.status_code not in (200, 303) or "peerline_console" not in self.http.cookies:
            raise RoundTripFailed(f"second factor through the proxy: {response.status_code}")

    async def close(self) -> None:
        if self.http is not None:
            await self.http.aclose()

    async def check_proxy_routes(self) -> None:
        async with httpx.AsyncClient(base_url=self.url, verify=self.tls, timeout=10.0) as http:
            for path in PUBLIC_ROUTES:
                status = (await http.get(path)).status_code
                if status >= 400:
                    raise RoundTripFailed(f"public route {path} answered {status} through the proxy")
            for path in HIDDEN_ROUTES:
                status = (await http.get(path)).status_code
                if status != 404:
                    raise RoundTripFailed(f"internal route {path} answered {status} through the proxy")
            status = (await http.post("/console/login", content=b"x" * OVERSIZED_BODY)).status_code
            if status != 413:
                raise RoundTripFailed(f"a {OVERSIZED_BODY} byte body was not refused: {status}")
        self.log(f"  public {', '.join(PUBLIC_ROUTES)} served; {', '.join(HIDDEN_ROUTES)} 404; "
                 f"2 MiB body refused ({status})")

    async def once(self) -> None:
        await self.open()
        try:
            await self.complete(limit_s=60.0)
        finally:
            await self.close()

    async def complete(self, limit_s: float) -> None:
        """Message → queue → claim → reply → the client's socket, within `limit_s`."""
        try:
            await asyncio.wait_for(self._complete(), max(limit_s, 1.0))
        except TimeoutError:
            raise RoundTripFailed(f"round trip did not finish within {limit_s:.1f} s") from None

    async def send_during_outage(self) -> str:
        """A message sent while a node is down: acknowledged (after `try_again`s) and its tag."""
        tag = letter_tag()
        try:
            async with self._chat() as socket:
                await asyncio.wait_for(self._say(socket, f"deploy check {tag} sent during the stop"), 30)
        except TimeoutError:
            raise RoundTripFailed("a message sent during the stop was not acknowledged in 30 s") from None
        return tag

    async def arrived(self, tag: str) -> None:
        try:
            await asyncio.wait_for(self._in_queue(tag), 15)
        except TimeoutError:
            raise RoundTripFailed("the message sent during the stop did not reach the queue") from None

    async def _complete(self) -> None:
        tag = letter_tag()
        reply = f"answer for {tag}"
        async with self._chat() as socket:
            await self._say(socket, f"deploy check {tag} please help with documents")
            item = await self._in_queue(tag)
            conversation = item["conversation_id"]
            await self._act(conversation, "claim")
            await self._act(conversation, "reply", {"text": reply})
            while True:
                frame = orjson.loads(await socket.recv())
                if frame.get("type") == "message" and frame.get("text") == reply:
                    break
            await self._act(conversation, "close")

    def _chat(self) -> Any:
        return websockets.connect(self.url.replace("https", "wss", 1) + "/ws/chat", ssl=self.tls,
                                  open_timeout=10)

    async def _say(self, socket: Any, text: str) -> None:
        await socket.send(orjson.dumps({"type": "hello", "session": None, "last_seen": None}).decode())
        welcome = orjson.loads(await socket.recv())
        if welcome.get("type") != "welcome":
            raise RoundTripFailed(f"chat hello answered {welcome}")
        message_id = uuid.uuid4().hex
        frame = orjson.dumps({"type": "message", "id": message_id, "text": text}).decode()
        await socket.send(frame)
        while True:
            answer = orjson.loads(await socket.recv())
            if answer.get("type") == "ack" and answer.get("id") == message_id:
                return
            if answer.get("type") == "error" and answer.get("code") == "try_again":
                await asyncio.sleep(RETRY_AFTER_S)
                await socket.send(frame)  # same id: stored once
            elif answer.get("type") == "error":
                raise RoundTripFailed(f"chat message refused: {answer}")

    async def _in_queue(self, tag: str) -> dict[str, Any]:
        assert self.http is not None
        while True:
            response = await self.http.get("/console/api/queue")
            if response.status_code == 200:
                for item in response.json()["items"]:
                    if tag in item.get("preview", ""):
                        return dict(item)
            await asyncio.sleep(0.3)

    async def _act(self, conversation: str, action: str, body: dict[str, Any] | None = None) -> None:
        assert self.http is not None
        while True:
            response = await self.http.post(f"/console/api/conversations/{conversation}/{action}",
                                            json=body or {}, headers={"X-CSRF-Token": self.csrf})
            if response.status_code == 200:
                return
            if response.status_code < 500:
                raise RoundTripFailed(f"{action}: {response.status_code} {response.text[:200]}")
            await asyncio.sleep(RETRY_AFTER_S)  # "no answer from notifications" while it moves
