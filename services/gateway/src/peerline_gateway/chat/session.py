"""One client's chat socket after its hello: messages in, acks and errors out, "forget me".

The socket's route (chat/router.py) checks the origin and the address's socket count, then
hands the socket to `run_chat`; everything the conversation needs is passed in.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from fastapi import WebSocket, WebSocketDisconnect
from prometheus_client import Counter
from pydantic import ValidationError

from peerline_gateway.addresses import LocalWindowLimit
from peerline_gateway.chat.aof import AppendOnlyFileRewriter
from peerline_gateway.chat.frames import (
    Ack,
    ChatError,
    Forget,
    Forgotten,
    Hello,
    SendMessage,
    Welcome,
    client_frame,
)
from peerline_gateway.chat.hub import ChatConnection, ChatHub
from peerline_gateway.chat.inbox import ChatInbox
from peerline_gateway.chat.service import (
    MessageRejected,
    chat_token_key,
    message_event,
    new_session_token,
    verified_session_token,
    web_client_id,
)
from peerline_gateway.deps import Bus
from peerline_gateway.frames import send_frame
from peerline_gateway.ratelimit import RateLimiter
from peerline_gateway.settings import GatewaySettings
from peerline_shared.events import ClientErasureRequested, Lang
from peerline_shared.events import subjects as subj
from peerline_shared.logging import get_logger

log = get_logger()
PUBLISH_FAILURES = Counter(
    "peerline_chat_publish_failures_total", "Chat messages answered `try_again` because NATS refused them"
)
HELLO_TIMEOUT_S = 10.0


@dataclass
class ChatSession:
    """What one socket's conversation uses; `lang` follows the client's latest hello."""

    socket: WebSocket
    settings: GatewaySettings
    bus: Bus
    inbox: ChatInbox
    rewriter: AppendOnlyFileRewriter
    client_limit: RateLimiter
    address_limit: LocalWindowLimit
    address_key: str
    client_id: str = ""
    lang: Lang | None = None

    async def serve(self) -> None:
        while True:
            raw = await receive_text(self.socket)
            try:
                if raw is None:
                    raise ValueError("binary frame")
                frame = client_frame.validate_json(raw)
            except (ValidationError, ValueError):
                await send_frame(self.socket, ChatError(code="bad_frame"))
                continue
            if isinstance(frame, SendMessage):
                await self.accept(frame)
            elif isinstance(frame, Forget):
                await self.forget()
            elif frame.lang:
                self.lang = frame.lang

    async def within_limits(self) -> bool:
        address_allowed = self.address_limit.allow(self.address_key)  # counted whatever the client's answer
        return await self.client_limit.allow(self.client_id) and address_allowed

    async def accept(self, frame: SendMessage) -> None:
        try:
            allowed = await self.within_limits()
        except Exception as exc:  # Redis busy or gone: the page sends it again, the socket stays
            log.warning("chat.rate_limit_unavailable", error_type=type(exc).__name__)
            await send_frame(self.socket, ChatError(code="try_again", id=frame.id))
            return
        if not allowed:
            await send_frame(self.socket, ChatError(code="slow_down", id=frame.id))
            return
        try:
            event = message_event(
                self.client_id, frame.id, frame.text, self.lang, self.settings.max_message_chars, frame.place
            )
        except MessageRejected as rejected:
            await send_frame(self.socket, ChatError(code=rejected.code, id=frame.id))
            return
        # The ids go on the two lines this logs, not into a log context: binding one costs about
        # 20 µs a message, and nothing else logs in between (docs/benchmarks.md).
        ids = {"trace_id": event.trace_id, "event_id": str(event.event_id)}
        try:
            await self.bus.publish(event, subj.inbound("web"))
        except Exception as exc:
            PUBLISH_FAILURES.inc()
            log.error("chat.publish_failed", error_type=type(exc).__name__, **ids)
            await send_frame(self.socket, ChatError(code="try_again", id=frame.id))
            return
        log.info("chat.message_accepted", text_length=len(frame.text), **ids)
        await send_frame(self.socket, Ack(id=frame.id))

    async def forget(self) -> None:
        erasure = ClientErasureRequested(client_id=self.client_id, channel="web")
        await self.bus.publish(erasure, subj.CLIENT_ERASURE_REQUESTED)
        await self.inbox.erase(self.client_id)
        self.rewriter.request()  # the inbox's entries leave Redis's append-only file too
        await send_frame(self.socket, Forgotten())


async def run_chat(chat: ChatSession, hub: ChatHub) -> None:
    """Accept, read the hello, replay what was missed, then serve until the client leaves."""
    socket = chat.socket
    await socket.accept()
    try:
        hello = await receive_hello(socket)
    except (TimeoutError, ValidationError, WebSocketDisconnect, ValueError):
        await close_quietly(socket, 4400, "expected a hello frame")
        return
    token, renewed = session_token(chat.settings, hello.session)
    chat.client_id = web_client_id(chat.settings.pseudonym_key.get_secret_value().encode(), token)
    chat.lang = hello.lang
    connection = ChatConnection(socket, chat.client_id, last_sent=None if renewed else hello.last_seen)
    await send_frame(socket, Welcome(session=token, renewed=renewed))
    hub.add(connection)
    try:
        await hub.flush(connection, chat.inbox)
        await chat.serve()
    except WebSocketDisconnect:
        pass
    except Exception as exc:  # never drop a socket without a close frame: the page reconnects
        log.warning("chat.socket_failed", error_type=type(exc).__name__)
        await close_quietly(socket)
    finally:
        hub.remove(connection)


def session_token(settings: GatewaySettings, sent: str | None) -> tuple[str, bool]:
    """The hello's token when this gateway signed it; otherwise a new one, and whether the sent
    one was refused (the page is told: `renewed` in the welcome)."""
    key = chat_token_key(settings.session_secret.get_secret_value().encode())
    token = verified_session_token(key, sent)
    if token is not None:
        return token, False
    if sent is not None:
        log.warning("chat.session_token_refused")
    return new_session_token(key), sent is not None


async def close_quietly(socket: WebSocket, code: int = 1011, reason: str = "try again") -> None:
    try:
        await socket.close(code=code, reason=reason)
    except Exception:  # already gone
        return


async def receive_text(socket: WebSocket) -> str | None:
    """The next text frame; None for a binary frame (answered as a bad frame, not a crash)."""
    message = await socket.receive()
    if message["type"] == "websocket.disconnect":
        raise WebSocketDisconnect(message.get("code", 1000))
    text: str | None = message.get("text")
    return text


async def receive_hello(socket: WebSocket) -> Hello:
    raw = await asyncio.wait_for(receive_text(socket), HELLO_TIMEOUT_S)
    if raw is None:
        raise ValueError("first frame must be a text hello")
    frame = client_frame.validate_json(raw)
    if not isinstance(frame, Hello):
        raise ValueError("first frame must be hello")
    return frame
