"""The client web chat: the page and its WebSocket."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Request, WebSocket, WebSocketDisconnect
from fastapi.responses import FileResponse, HTMLResponse, Response
from prometheus_client import Counter
from pydantic import ValidationError

from peerline_gateway.addresses import AddressKeys, LocalWindowLimit
from peerline_gateway.chat.aof import AppendOnlyFileRewriter
from peerline_gateway.chat.hub import ChatConnection, ChatHub
from peerline_gateway.chat.inbox import ChatInbox
from peerline_gateway.chat.protocol import Forget, Hello, SendMessage, client_frame
from peerline_gateway.chat.service import MessageRejected, message_event, new_session_token, web_client_id
from peerline_gateway.ratelimit import Limit, RateLimiter
from peerline_gateway.settings import GatewaySettings
from peerline_gateway.web import STATIC_DIR, page_lang, render, texts_for
from peerline_shared.bus import publish_event
from peerline_shared.events import ClientErasureRequested, Lang
from peerline_shared.events import subjects as subj
from peerline_shared.logging import get_logger, log_context
from peerline_shared.runtime import Runtime

log = get_logger()
PUBLISH_FAILURES = Counter(
    "peerline_chat_publish_failures_total", "Chat messages answered `try_again` because NATS refused them"
)
HELLO_TIMEOUT_S = 10.0
CHAT_TEXTS = ("chat.", "lang_name")


def chat_router(
    runtime: Runtime, settings: GatewaySettings, hub: ChatHub, rewriter: AppendOnlyFileRewriter
) -> APIRouter:
    router = APIRouter(tags=["chat"])
    key = settings.pseudonym_key.get_secret_value().encode()
    # Addresses only as today's keyed hash, counted in this process's memory (addresses.py).
    addresses = AddressKeys(settings.session_secret.get_secret_value().encode())
    address_limit = LocalWindowLimit(settings.ip_messages_per_minute, 60, time.monotonic)

    def chat_page_for(request: Request, embedded: bool) -> HTMLResponse:
        lang = page_lang(request)
        response: HTMLResponse = render(
            request,
            "chat.html",
            lang,
            embedded=embedded,
            texts=texts_for(CHAT_TEXTS),
            exit_url=settings.quick_exit_url,
        )
        return response

    @router.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def chat_page(request: Request) -> HTMLResponse:
        return chat_page_for(request, embedded=False)

    @router.get("/embed", response_class=HTMLResponse, include_in_schema=False)
    async def embedded_chat(request: Request) -> HTMLResponse:
        return chat_page_for(request, embedded=True)

    @router.get("/widget.js", include_in_schema=False)
    async def widget(request: Request) -> Response:
        # Partner sites load this with a script tag; it only injects an iframe of /embed, so
        # nothing of the partner's page can read the chat (and the chat reads nothing of it).
        return FileResponse(
            STATIC_DIR / "widget.js",
            media_type="text/javascript",
            headers={"Cache-Control": "public, max-age=3600"},
        )

    @router.websocket("/ws/chat")
    async def chat_socket(socket: WebSocket) -> None:
        if not _origin_allowed(socket, settings):
            await socket.close(code=4403, reason="origin not allowed")
            return
        address_key = addresses.key(socket.client.host if socket.client else "unknown")
        if not hub.admit(address_key, settings.max_sockets_per_ip):
            log.warning("chat.too_many_sockets")
            await socket.close(code=4429, reason="too many connections")
            return
        try:
            await _chat_session(socket, address_key)
        finally:
            hub.release(address_key)

    async def _chat_session(socket: WebSocket, address_key: str) -> None:
        await socket.accept()
        try:
            hello = await _receive_hello(socket)
        except (TimeoutError, ValidationError, WebSocketDisconnect, ValueError):
            await _close_quietly(socket, 4400, "expected a hello frame")
            return
        token = hello.session or new_session_token()
        connection = ChatConnection(socket, web_client_id(key, token), last_sent=hello.last_seen)
        inbox = ChatInbox(runtime.redis, settings.chat_history_hours * 3600)
        await socket.send_json({"type": "welcome", "session": token})
        hub.add(connection)
        try:
            await hub.flush(connection, inbox)
            await _serve(socket, connection, inbox, hello.lang, address_key)
        except WebSocketDisconnect:
            pass
        except Exception as exc:  # never drop a socket without a close frame: the page reconnects
            log.warning("chat.socket_failed", error_type=type(exc).__name__)
            await _close_quietly(socket)
        finally:
            hub.remove(connection)

    async def _serve(
        socket: WebSocket, connection: ChatConnection, inbox: ChatInbox, lang: Lang | None, address_key: str
    ) -> None:
        client_limit = RateLimiter(runtime.redis, Limit("chat", settings.client_messages_per_minute, 60))

        async def within_limits() -> bool:
            address_allowed = address_limit.allow(address_key)  # counted whatever the client's answer
            return await client_limit.allow(connection.client_id) and address_allowed
        while True:
            raw = await _receive_text(socket)
            try:
                if raw is None:
                    raise ValueError("binary frame")
                frame = client_frame.validate_json(raw)
            except (ValidationError, ValueError):
                await socket.send_json({"type": "error", "code": "bad_frame"})
                continue
            if isinstance(frame, SendMessage):
                await _accept(socket, connection.client_id, frame, lang, within_limits)
            elif isinstance(frame, Forget):
                await _forget(socket, connection.client_id, inbox)
            elif isinstance(frame, Hello) and frame.lang:
                lang = frame.lang

    async def _accept(
        socket: WebSocket,
        client_id: str,
        frame: SendMessage,
        lang: Lang | None,
        within_limits: Callable[[], Awaitable[bool]],
    ) -> None:
        try:
            allowed = await within_limits()
        except Exception as exc:  # Redis busy or gone: the page sends it again, the socket stays
            log.warning("chat.rate_limit_unavailable", error_type=type(exc).__name__)
            await socket.send_json({"type": "error", "code": "try_again", "id": frame.id})
            return
        if not allowed:
            await socket.send_json({"type": "error", "code": "slow_down", "id": frame.id})
            return
        try:
            event = message_event(client_id, frame.id, frame.text, lang, settings.max_message_chars)
        except MessageRejected as rejected:
            await socket.send_json({"type": "error", "code": rejected.code, "id": frame.id})
            return
        with log_context(trace_id=event.trace_id, event_id=str(event.event_id)):
            try:
                await publish_event(runtime.broker, event, subj.inbound("web"))
            except Exception as exc:
                PUBLISH_FAILURES.inc()
                log.error("chat.publish_failed", error_type=type(exc).__name__)
                await socket.send_json({"type": "error", "code": "try_again", "id": frame.id})
                return
            log.info("chat.message_accepted", text_length=len(frame.text))
        await socket.send_json({"type": "ack", "id": frame.id})

    async def _forget(socket: WebSocket, client_id: str, inbox: ChatInbox) -> None:
        await publish_event(
            runtime.broker,
            ClientErasureRequested(client_id=client_id, channel="web"),
            subj.CLIENT_ERASURE_REQUESTED,
        )
        await inbox.erase(client_id)
        rewriter.request()  # the inbox's entries leave Redis's append-only file too
        await socket.send_json({"type": "forgotten"})

    return router


async def _close_quietly(socket: WebSocket, code: int = 1011, reason: str = "try again") -> None:
    try:
        await socket.close(code=code, reason=reason)
    except Exception:  # already gone
        return


async def _receive_text(socket: WebSocket) -> str | None:
    """The next text frame; None for a binary frame (answered as a bad frame, not a crash)."""
    message = await socket.receive()
    if message["type"] == "websocket.disconnect":
        raise WebSocketDisconnect(message.get("code", 1000))
    text: str | None = message.get("text")
    return text


async def _receive_hello(socket: WebSocket) -> Hello:
    raw = await asyncio.wait_for(_receive_text(socket), HELLO_TIMEOUT_S)
    if raw is None:
        raise ValueError("first frame must be a text hello")
    frame = client_frame.validate_json(raw)
    if not isinstance(frame, Hello):
        raise ValueError("first frame must be hello")
    return frame


def _origin_allowed(socket: WebSocket, settings: GatewaySettings) -> bool:
    origin = socket.headers.get("origin")
    if origin is None:
        return True  # not a browser (tests, tools); browsers always send Origin
    return origin_allowed(
        origin, socket.headers.get("host", ""), settings.public_url, settings.allowed_origins
    )


def origin_allowed(origin: str, host: str, public_url: str, allowed_origins: list[str]) -> bool:
    """The gateway's own pages (and so the /embed iframe) or a partner site on the allowlist."""
    own = public_url.rstrip("/")
    return origin.rstrip("/") in (own, f"http://{host}", f"https://{host}", *allowed_origins)
