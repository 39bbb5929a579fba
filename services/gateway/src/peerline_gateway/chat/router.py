"""The client web chat: the page, the partner sites' widget, and the chat's WebSocket."""

from __future__ import annotations

from fastapi import APIRouter, Request, WebSocket
from fastapi.responses import FileResponse, HTMLResponse, Response

from peerline_gateway import deps
from peerline_gateway.chat import deps as chat_deps
from peerline_gateway.chat.service import places_for_page
from peerline_gateway.chat.session import ChatSession, run_chat
from peerline_gateway.settings import GatewaySettings
from peerline_gateway.web import STATIC_DIR, page_lang, render, texts_for
from peerline_shared.logging import get_logger

log = get_logger()
router = APIRouter(tags=["chat"])
CHAT_TEXTS = ("chat.", "lang_name")


def chat_page_for(request: Request, settings: GatewaySettings, embedded: bool) -> HTMLResponse:
    response: HTMLResponse = render(
        request,
        "chat.html",
        page_lang(request),
        embedded=embedded,
        texts=texts_for(CHAT_TEXTS),
        places=places_for_page(),
        exit_url=settings.quick_exit_url,
    )
    return response


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def chat_page(request: Request, settings: deps.Settings) -> HTMLResponse:
    return chat_page_for(request, settings, embedded=False)


@router.get("/embed", response_class=HTMLResponse, include_in_schema=False)
async def embedded_chat(request: Request, settings: deps.Settings) -> HTMLResponse:
    return chat_page_for(request, settings, embedded=True)


@router.get("/widget.js", include_in_schema=False)
async def widget() -> Response:
    # Partner sites load this with a script tag; it only injects an iframe of /embed, so
    # nothing of the partner's page can read the chat (and the chat reads nothing of it).
    return FileResponse(
        STATIC_DIR / "widget.js",
        media_type="text/javascript",
        headers={"Cache-Control": "public, max-age=3600"},
    )


@router.websocket("/ws/chat")
async def chat_socket(
    socket: WebSocket,
    gateway: deps.TheGateway,
    bus: deps.Messages,
    inbox: chat_deps.Inbox,
    hub: chat_deps.Hub,
    rewriter: chat_deps.Rewriter,
) -> None:
    settings = gateway.settings
    if not socket_origin_allowed(socket, settings):
        await socket.close(code=4403, reason="origin not allowed")
        return
    address_key = gateway.addresses.key(socket.client.host if socket.client else "unknown")
    if not hub.admit(address_key, settings.max_sockets_per_ip):
        log.warning("chat.too_many_sockets")
        await socket.close(code=4429, reason="too many connections")
        return
    chat = ChatSession(
        socket,
        settings,
        bus,
        inbox,
        rewriter,
        client_limit=gateway.client_limit,
        address_limit=gateway.address_limit,
        address_key=address_key,
    )
    try:
        await run_chat(chat, hub)
    finally:
        hub.release(address_key)


def socket_origin_allowed(socket: WebSocket, settings: GatewaySettings) -> bool:
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
