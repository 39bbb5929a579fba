"""The console's live socket: every conversation change and notice, as console frames
(console/frames.py), pushed to each signed-in console of this process."""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from pydantic import ValidationError

from peerline_gateway.console import deps as console_deps
from peerline_gateway.console.auth import SessionCookie
from peerline_gateway.console.frames import ConsoleError, console_client_frame
from peerline_gateway.frames import send_frame
from peerline_shared.events.vocabulary import works_conversations

router = APIRouter(prefix="/console", tags=["console"])


@router.websocket("/ws")
async def console_socket(
    socket: WebSocket,
    store: console_deps.Sessions,
    locks: console_deps.Locks,
    hub: console_deps.Hub,
    peerline_console: SessionCookie = None,
) -> None:
    origin = socket.headers.get("origin")
    if origin is not None and urlsplit(origin).netloc != socket.headers.get("host"):
        await socket.close(code=4403)  # another site riding on the consultant's cookie
        return
    session = await store.get(peerline_console, touch=False)  # (re)connecting is not use
    if session is None or await locks.is_locked(session.session_id):
        await socket.close(code=4401)
        return
    if not works_conversations(session.role):
        await socket.close(code=4403)  # an editor: the live queue is conversations
        return
    await socket.accept()
    hub.add(socket, session.consultant_id)
    try:
        await read_pings(socket)
    except WebSocketDisconnect:
        pass
    finally:
        hub.remove(socket)


async def read_pings(socket: WebSocket) -> None:
    """The page's keep-alive pings; anything else is answered as a bad frame."""
    while True:
        raw = await socket.receive_text()
        try:
            console_client_frame.validate_json(raw)
        except ValidationError:
            await send_frame(socket, ConsoleError(code="bad_frame"))
