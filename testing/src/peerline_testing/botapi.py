"""A local Telegram Bot API emulator: aiogram talks to it instead of api.telegram.org.

It speaks the methods the adapter uses (getMe, getUpdates with long polling and offsets,
setWebhook/deleteWebhook/getWebhookInfo, sendMessage, answerCallbackQuery,
editMessageReplyMarkup, ...), records every call, feeds updates (pushing them to a webhook
when one is set), and fails on request: 429 with `retry_after`, or 403 for a chat that
"blocked" the bot.

In tests::

    async with BotApiEmulator() as api:
        settings = TelegramSettings(enabled=True, bot_token="123:abc", api_base_url=api.base_url)
        api.send_text(api.user(1001), "hello")
        await api.wait_for("sendMessage", chat_id=1001)

For demos: `python -m peerline_testing.botapi --port 8081`, then `make run` with
PEERLINE_TELEGRAM_ENABLED=true PEERLINE_TELEGRAM_BOT_TOKEN=123:abc
PEERLINE_TELEGRAM_API_BASE_URL=http://127.0.0.1:8081, and chat at http://127.0.0.1:8081/.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import aiohttp
import orjson
from aiohttp import web

from peerline_testing.botapi_page import CHAT_PAGE

Json = dict[str, Any]
INT_FIELDS = frozenset({"chat_id", "message_id", "offset", "limit", "timeout", "max_connections"})
JSON_FIELDS = frozenset({"reply_markup", "allowed_updates", "link_preview_options", "entities"})
TEXT_LIMIT_UTF16 = 4096


@dataclass
class ApiCall:
    method: str
    params: Json
    status: int = 0
    at: float = field(default_factory=time.monotonic)

    @property
    def ok(self) -> bool:
        return self.status == 200


@dataclass
class Failure:
    """Answer the next `times` matching calls with an error instead of doing them."""

    method: str
    chat_id: int | None
    status: int
    description: str
    retry_after: int | None = None
    times: int = 1

    def matches(self, method: str, params: Json) -> bool:
        return self.times > 0 and self.method.lower() == method.lower() and (
            self.chat_id is None or params.get("chat_id") == self.chat_id
        )


class BotApiEmulator:
    def __init__(self, host: str = "127.0.0.1", port: int = 0, bot_id: int = 123) -> None:
        self.host, self.port, self.bot_id = host, port, bot_id
        self.calls: list[ApiCall] = []
        self.blocked: set[int] = set()
        self.failures: list[Failure] = []
        self.webhook: Json = {}
        self.webhook_statuses: list[int] = []
        self._updates: list[tuple[int, bytes]] = []
        self._next_update_id = 1
        self._next_message_id = 1
        self._changed = asyncio.Condition()
        self._push_queue: asyncio.Queue[bytes] = asyncio.Queue()
        self._runner: web.AppRunner | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._closing = False

    # -- life cycle ------------------------------------------------------------------------

    async def start(self) -> BotApiEmulator:
        app = web.Application(client_max_size=8 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._api)
        app.router.add_get("/", self._page)
        app.router.add_post("/_emulator/send", self._control_send)
        app.router.add_post("/_emulator/press", self._control_press)
        app.router.add_post("/_emulator/updates", self._control_update)
        app.router.add_get("/_emulator/messages", self._control_messages)
        app.router.add_get("/_emulator/calls", self._control_calls)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        server = getattr(site, "_server", None)
        if server is not None and server.sockets:
            self.port = int(server.sockets[0].getsockname()[1])
        self._tasks.append(asyncio.create_task(self._push_loop()))
        return self

    async def stop(self) -> None:
        self._closing = True
        async with self._changed:
            self._changed.notify_all()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> BotApiEmulator:
        return await self.start()

    async def __aexit__(self, *_: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def adapter_env(self, token: str, polling_timeout_s: float = 2) -> dict[str, str]:
        """The environment of a Telegram adapter that long-polls this emulator."""
        return {
            "PEERLINE_TELEGRAM_ENABLED": "true",
            "PEERLINE_TELEGRAM_BOT_TOKEN": token,
            "PEERLINE_TELEGRAM_API_BASE_URL": self.base_url,
            "PEERLINE_TELEGRAM_POLLING_TIMEOUT_S": str(polling_timeout_s),
        }

    # -- feeding updates -------------------------------------------------------------------

    def feed(self, update: Json) -> Json:
        """Queue (or push to the webhook) one update; an `update_id` is added if missing."""
        if "update_id" not in update:
            update = {"update_id": self._take_update_id(), **update}
        else:
            self._next_update_id = max(self._next_update_id, int(update["update_id"]) + 1)
        self._enqueue(int(update["update_id"]), orjson.dumps(update))
        return update

    def feed_raw(self, body: bytes, update_id: int | None = None) -> int:
        """Queue bytes as they are (broken JSON, invalid UTF-8...) in the update stream."""
        if update_id is None:
            number = self._take_update_id()
        else:  # as `feed`: a later update must not reuse the number
            number = update_id
            self._next_update_id = max(self._next_update_id, update_id + 1)
        self._enqueue(number, body)
        return number

    def next_update_id(self) -> int:
        return self._next_update_id

    def _take_update_id(self) -> int:
        number = self._next_update_id
        self._next_update_id += 1
        return number

    def _take_message_id(self) -> int:
        number = self._next_message_id
        self._next_message_id += 1
        return number

    def _enqueue(self, update_id: int, body: bytes) -> None:
        if self.webhook.get("url"):
            self._push_queue.put_nowait(body)
        else:
            self._updates.append((update_id, body))
        asyncio.get_running_loop().create_task(self._notify())

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    @staticmethod
    def user(user_id: int, first_name: str = "Test", last_name: str | None = None,
             username: str | None = None, language_code: str | None = "uk") -> Json:
        found: Json = {"id": user_id, "is_bot": False, "first_name": first_name}
        for key, value in (("last_name", last_name), ("username", username),
                           ("language_code", language_code)):
            if value is not None:
                found[key] = value
        return found

    def message(self, user: Json, chat: Json | None = None, **content: Any) -> Json:
        chat = chat or {key: user[key] for key in ("id", "first_name", "last_name", "username")
                        if key in user} | {"type": "private"}
        return {"message_id": self._take_message_id(), "date": int(time.time()),
                "chat": chat, "from": user, **content}

    def send_text(self, user: Json, text: str, chat: Json | None = None) -> Json:
        message = self.message(user, chat, text=text)
        self.feed({"message": message})
        return message

    def edit_text(self, user: Json, message_id: int, text: str) -> Json:
        message = self.message(user, text=text) | {"message_id": message_id,
                                                    "edit_date": int(time.time())}
        self.feed({"edited_message": message})
        return message

    def send_kind(self, user: Json, kind: str) -> Json:
        """A non-text message: photo, voice, video, video_note, sticker, document, audio,
        animation, location, venue, contact."""
        message = self.message(user, **{kind: _SAMPLES[kind]})
        self.feed({"message": message})
        return message

    def press_button(self, user: Json, data: str, message_id: int | None = None) -> Json:
        query = {"id": str(self._take_update_id() * 1000), "from": user, "chat_instance": "1",
                 "data": data,
                 "message": {"message_id": message_id or 1, "date": int(time.time()),
                             "chat": {"id": user["id"], "type": "private"}, "text": "?"}}
        self.feed({"callback_query": query})
        return query

    def send_in_group(self, user: Json, text: str, group_id: int = -100123) -> Json:
        return self.send_text(user, text, chat={"id": group_id, "type": "supergroup",
                                                "title": "Some group"})

    # -- failures --------------------------------------------------------------------------

    def rate_limit(self, chat_id: int | None = None, retry_after: int = 1, times: int = 1,
                   method: str = "sendMessage") -> None:
        self.failures.append(Failure(method, chat_id, 429,
                                     f"Too Many Requests: retry after {retry_after}",
                                     retry_after, times))

    def fail(self, method: str, status: int = 500, times: int = 1,
             chat_id: int | None = None) -> None:
        self.failures.append(Failure(method, chat_id, status, "Internal Server Error",
                                     None, times))

    def block(self, chat_id: int) -> None:
        self.blocked.add(chat_id)

    # -- inspecting ------------------------------------------------------------------------

    def calls_of(self, method: str, **match: Any) -> list[ApiCall]:
        return [call for call in self.calls if call.method.lower() == method.lower()
                and all(call.params.get(key) == value for key, value in match.items())]

    def texts_to(self, chat_id: int) -> list[str]:
        return [str(call.params.get("text", ""))
                for call in self.calls_of("sendMessage", chat_id=chat_id) if call.ok]

    async def wait_for(self, method: str, count: int = 1, within_s: float = 10.0,
                       where: Callable[[ApiCall], bool] | None = None,
                       **match: Any) -> list[ApiCall]:
        """Wait until `count` calls of `method` (matching) were answered successfully."""
        async def enough() -> list[ApiCall]:
            while True:
                found = [call for call in self.calls_of(method, **match)
                         if call.ok and (where is None or where(call))]
                if len(found) >= count:
                    return found
                async with self._changed:
                    await self._changed.wait()

        try:
            return await asyncio.wait_for(enough(), within_s)
        except TimeoutError:
            seen = len(self.calls_of(method, **match))
            raise AssertionError(f"expected {count} {method} {match}, saw {seen}") from None

    # -- the Bot API ---------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await _read_params(request)
        call = ApiCall(method, params)
        self.calls.append(call)
        call.status, answer = await self._answer(method, params)
        await self._notify()
        return web.Response(body=_dumps_answer(answer), status=call.status,
                            content_type="application/json")

    async def _answer(self, method: str, params: Json) -> tuple[int, Json]:
        for failure in self.failures:
            if failure.matches(method, params):
                failure.times -= 1
                extra = {"parameters": {"retry_after": failure.retry_after}} \
                    if failure.retry_after is not None else {}
                return _error(failure.status, failure.description, **extra)
        name = method.lower()
        if name == "getupdates":
            return await self._get_updates(params)
        if name == "sendmessage":
            return self._send_message(params)
        simple = _SIMPLE_ANSWERS.get(name)
        if simple is not None:
            return 200, {"ok": True, "result": simple(self, params)}
        return _error(404, "Not Found: method not found")

    async def _get_updates(self, params: Json) -> tuple[int, Json]:
        if self.webhook.get("url"):
            return _error(409, "Conflict: can't use getUpdates method while webhook is active;"
                               " use deleteWebhook to delete the webhook first")
        offset = int(params.get("offset") or 0)
        if offset:
            self._updates = [(number, body) for number, body in self._updates if number >= offset]
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), 50.0)
        while not self._updates and not self._closing and time.monotonic() < deadline:
            async with self._changed:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), deadline - time.monotonic())
        limit = int(params.get("limit") or 100)
        return 200, {"ok": True, "result": _Raw([body for _, body in self._updates[:limit]])}

    def _send_message(self, params: Json) -> tuple[int, Json]:
        chat_id = params.get("chat_id")
        text = str(params.get("text") or "")
        if chat_id in self.blocked:
            return _error(403, "Forbidden: bot was blocked by the user")
        if not text.strip():
            return _error(400, "Bad Request: message text is empty")
        if len(text.encode("utf-16-le")) // 2 > TEXT_LIMIT_UTF16:
            return _error(400, "Bad Request: message is too long")
        message: Json = {"message_id": self._take_message_id(), "date": int(time.time()),
                         "chat": {"id": chat_id, "type": "private" if int(chat_id or 0) > 0
                                  else "supergroup"},
                         "from": self._me(), "text": text}
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        return 200, {"ok": True, "result": message}

    def _me(self) -> Json:
        return {"id": self.bot_id, "is_bot": True, "first_name": "Peerline (emulated)",
                "username": "peerline_emulated_bot"}

    def _set_webhook(self, params: Json) -> bool:
        self.webhook = {key: params.get(key) for key in ("url", "secret_token", "allowed_updates")}
        pending = [body for _, body in self._updates]
        self._updates.clear()
        for body in pending:
            self._push_queue.put_nowait(body)
        return True

    def _delete_webhook(self, params: Json) -> bool:
        self.webhook = {}
        if params.get("drop_pending_updates") in (True, "true", "True"):
            self._updates.clear()
        return True

    def _webhook_info(self, _: Json) -> Json:
        return {"url": self.webhook.get("url") or "", "has_custom_certificate": False,
                "pending_update_count": len(self._updates) + self._push_queue.qsize()}

    async def _push_loop(self) -> None:
        """Deliver updates to the webhook in order, retrying like Telegram on a failure."""
        async with aiohttp.ClientSession() as session:
            while True:
                body = await self._push_queue.get()
                for attempt in range(5):
                    status = await self._push_once(session, body)
                    self.webhook_statuses.append(status)
                    await self._notify()
                    if 200 <= status < 300 or status in (401, 403):
                        break
                    await asyncio.sleep(0.2 * 2**attempt)

    async def _push_once(self, session: aiohttp.ClientSession, body: bytes) -> int:
        headers = {"Content-Type": "application/json"}
        if self.webhook.get("secret_token"):
            headers["X-Telegram-Bot-Api-Secret-Token"] = str(self.webhook["secret_token"])
        try:
            async with session.post(str(self.webhook.get("url")), data=body,
                                    headers=headers) as response:
                return response.status
        except aiohttp.ClientError:
            return 0

    # -- control API and page for demos ----------------------------------------------------

    async def _page(self, _: web.Request) -> web.Response:
        return web.Response(text=CHAT_PAGE, content_type="text/html")

    async def _control_send(self, request: web.Request) -> web.Response:
        data = await request.json()
        user = self.user(int(data.get("user_id", 1001)), data.get("first_name", "Demo"),
                         language_code=data.get("language_code", "uk"))
        return web.json_response(self.send_text(user, str(data.get("text", ""))))

    async def _control_press(self, request: web.Request) -> web.Response:
        data = await request.json()
        user = self.user(int(data.get("user_id", 1001)), "Demo")
        return web.json_response(self.press_button(user, str(data["data"]),
                                                   int(data.get("message_id", 1))))

    async def _control_update(self, request: web.Request) -> web.Response:
        return web.json_response(self.feed(await request.json()))

    async def _control_messages(self, request: web.Request) -> web.Response:
        chat_id = int(request.query.get("chat_id", "1001"))
        sent = [{"text": call.params.get("text"), "reply_markup": call.params.get("reply_markup")}
                for call in self.calls_of("sendMessage", chat_id=chat_id) if call.ok]
        return web.json_response(sent)

    async def _control_calls(self, _: web.Request) -> web.Response:
        return web.json_response([{"method": c.method, "status": c.status, "params": c.params}
                                  for c in self.calls])


T = TypeVar("T")


class BotApiInThread:
    """An emulator on its own event loop in a background thread, for a session-wide system
    whose tests each run on their own loop: `call` runs a function with the emulator on the
    emulator's loop (its lists and conditions belong there) and returns what it returned."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.api = BotApiEmulator()
        self._thread = threading.Thread(target=self.loop.run_forever, name="bot-api-emulator", daemon=True)

    def __enter__(self) -> BotApiInThread:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self.api.start(), self.loop).result(timeout=10)
        return self

    def __exit__(self, *_: object) -> None:
        asyncio.run_coroutine_threadsafe(self.api.stop(), self.loop).result(timeout=10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=10)

    def call(self, work: Callable[[BotApiEmulator], T]) -> T:
        async def run() -> T:
            return work(self.api)

        return asyncio.run_coroutine_threadsafe(run(), self.loop).result(timeout=10)

    async def texts_to(self, chat_id: int, count: int, within_s: float = 20.0) -> list[str]:
        """Wait (on the caller's loop) until `count` messages reached the chat; all of them."""
        deadline = asyncio.get_running_loop().time() + within_s
        while len(texts := self.call(lambda api: api.texts_to(chat_id))) < count:
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"expected {count} messages to {chat_id}, saw {texts}")
            await asyncio.sleep(0.1)
        return texts


class _Raw(list[bytes]):
    """Already-encoded updates, spliced into the answer as they are (even if broken)."""


def _error(status: int, description: str, **extra: Any) -> tuple[int, Json]:
    return status, {"ok": False, "error_code": status, "description": description, **extra}


_SIMPLE_ANSWERS: dict[str, Callable[[BotApiEmulator, Json], Any]] = {
    "getme": lambda api, _: api._me(),
    "setwebhook": BotApiEmulator._set_webhook,
    "deletewebhook": BotApiEmulator._delete_webhook,
    "getwebhookinfo": BotApiEmulator._webhook_info,
    "answercallbackquery": lambda api, _: True,
    "editmessagereplymarkup": lambda api, _: True,
    "editmessagetext": lambda api, _: True,
    "deletemessage": lambda api, _: True,
    "sendchataction": lambda api, _: True,
    "setmycommands": lambda api, _: True,
    "deletemycommands": lambda api, _: True,
    "logout": lambda api, _: True,
    "close": lambda api, _: True,
}

_FILE = {"file_id": "f1", "file_unique_id": "u1"}
_SAMPLES: dict[str, Any] = {
    "photo": [{**_FILE, "width": 90, "height": 90}],
    "voice": {**_FILE, "duration": 3},
    "audio": {**_FILE, "duration": 3},
    "video": {**_FILE, "width": 90, "height": 90, "duration": 3},
    "video_note": {**_FILE, "length": 90, "duration": 3},
    "animation": {**_FILE, "width": 90, "height": 90, "duration": 3},
    "sticker": {**_FILE, "type": "regular", "width": 90, "height": 90, "is_animated": False,
                "is_video": False},
    "document": {**_FILE, "file_name": "scan.pdf"},
    "location": {"latitude": 50.4501, "longitude": 30.5234},
    "venue": {"location": {"latitude": 50.45, "longitude": 30.52}, "title": "Place",
              "address": "Khreshchatyk 1"},
    "contact": {"phone_number": "+380671234567", "first_name": "Friend", "user_id": 555},
}


async def _read_params(request: web.Request) -> Json:
    params: Json = dict(request.query)
    if request.content_type == "application/json":
        body = await request.json()
        params.update(body if isinstance(body, dict) else {})
    elif request.can_read_body:
        params.update({key: value for key, value in (await request.post()).items()
                       if isinstance(value, str)})
    for key in list(params):
        params[key] = _coerce(key, params[key])
    return params


def _coerce(key: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if key in INT_FIELDS:
        with contextlib.suppress(ValueError):
            return int(value)
    if key in JSON_FIELDS:
        with contextlib.suppress(orjson.JSONDecodeError):
            return orjson.loads(value)
    return value


def _dumps_answer(answer: Json) -> bytes:
    result = answer.get("result")
    if isinstance(result, _Raw):
        return b'{"ok":true,"result":[' + b",".join(result) + b"]}"
    return orjson.dumps(answer)


async def _serve(host: str, port: int) -> None:
    async with BotApiEmulator(host, port) as api:
        print(f"Bot API emulator on {api.base_url}  (chat page: {api.base_url}/)")
        print("Run Peerline against it:\n  PEERLINE_TELEGRAM_ENABLED=true "
              f"PEERLINE_TELEGRAM_BOT_TOKEN=123:abc PEERLINE_TELEGRAM_API_BASE_URL={api.base_url}"
              " make run", flush=True)
        await asyncio.Event().wait()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    args = parser.parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args.host, args.port))


__all__ = ["ApiCall", "BotApiEmulator", "BotApiInThread", "Failure", "main"]

if __name__ == "__main__":
    main()
