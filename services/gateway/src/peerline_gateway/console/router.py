"""The consultant console: login, pages, the JSON API it calls, and its live socket."""

from __future__ import annotations

import hmac
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Cookie, Depends, Form, Header, Request, WebSocket, WebSocketDisconnect
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from peerline_gateway.accounts.service import authenticate
from peerline_gateway.console.hub import ConsoleHub
from peerline_gateway.console.sessions import COOKIE_NAME, ConsoleSession, SessionStore
from peerline_gateway.settings import GatewaySettings
from peerline_gateway.web import templates
from peerline_shared.broker import request as rpc
from peerline_shared.events import (
    ClaimConversation,
    CloseConversation,
    CommandResult,
    ConversationShown,
    GetConversation,
    ListQueue,
    QueueListed,
    ReplyToClient,
)
from peerline_shared.events import subjects as subj
from peerline_shared.logging import get_logger
from peerline_shared.runtime import Runtime
from peerline_shared.settings import Mode

log = get_logger()


class NotLoggedIn(Exception):
    pass


class ReplyBody(BaseModel):
    text: str = Field(min_length=1, max_length=4000)


class CloseBody(BaseModel):
    outcomes: list[str] = Field(default_factory=list, max_length=10)


def console_router(runtime: Runtime, settings: GatewaySettings, hub: ConsoleHub) -> APIRouter:
    router = APIRouter(prefix="/console", tags=["console"])
    store = SessionStore(runtime.redis_client, settings.console_idle_minutes * 60,  # type: ignore[arg-type]
                         settings.console_absolute_hours * 3600)

    def sessions() -> SessionStore:
        store.redis = runtime.redis
        return store

    async def current(peerline_console: Annotated[str | None, Cookie()] = None) -> ConsoleSession:
        session = await sessions().get(peerline_console)
        if session is None:
            raise NotLoggedIn()
        return session

    async def checked(
        session: Annotated[ConsoleSession, Depends(current)],
        x_csrf_token: Annotated[str | None, Header()] = None,
    ) -> ConsoleSession:
        if not x_csrf_token or not hmac.compare_digest(x_csrf_token, session.csrf_token):
            raise CsrfRejected()
        return session

    @router.get("/login", response_class=HTMLResponse, include_in_schema=False)
    async def login_page(request: Request) -> HTMLResponse:
        return templates.TemplateResponse(request, "login.html", {"error": None})

    @router.post("/login", include_in_schema=False)
    async def login(request: Request, login: Annotated[str, Form(max_length=64)],
                    password: Annotated[str, Form(max_length=256)]) -> Response:
        async with runtime.sessions() as db:
            account = await authenticate(db, login, password)
        if account is None:
            log.info("console.login_failed")
            return templates.TemplateResponse(request, "login.html", {"error": "wrong"}, status_code=401)
        session = await sessions().create(account.consultant_id, account.alias, account.role)
        log.info("console.login", consultant_id=str(account.consultant_id))
        response = RedirectResponse("/console", status_code=303)
        response.set_cookie(COOKIE_NAME, session.session_id, httponly=True, samesite="strict",
                            secure=settings.mode is Mode.PRODUCTION, path="/")
        return response

    @router.post("/logout", include_in_schema=False)
    async def logout(session: Annotated[ConsoleSession, Depends(checked)]) -> Response:
        await sessions().delete(session.session_id)
        response = JSONResponse({"ok": True})
        response.delete_cookie(COOKIE_NAME, path="/")
        return response

    @router.get("", response_class=HTMLResponse, include_in_schema=False)
    async def console_page(request: Request, peerline_console: Annotated[str | None, Cookie()] = None) -> Response:
        session = await sessions().get(peerline_console)
        if session is None:
            return RedirectResponse("/console/login", status_code=303)
        return templates.TemplateResponse(request, "console.html", {"session": session})

    @router.get("/api/queue")
    async def queue(session: Annotated[ConsoleSession, Depends(current)]) -> dict[str, Any]:
        listed = await rpc(runtime.broker, subj.rpc_notifications("queue"), ListQueue(actor=session.actor()), QueueListed)
        return listed.model_dump(mode="json")

    @router.get("/api/conversations/{conversation_id}")
    async def conversation(conversation_id: uuid.UUID,
                           session: Annotated[ConsoleSession, Depends(current)]) -> dict[str, Any]:
        query = GetConversation(conversation_id=conversation_id, actor=session.actor())
        shown = await rpc(runtime.broker, subj.rpc_notifications("conversation"), query, ConversationShown)
        return shown.model_dump(mode="json")

    @router.post("/api/conversations/{conversation_id}/claim")
    async def claim(conversation_id: uuid.UUID, session: Annotated[ConsoleSession, Depends(checked)]) -> Response:
        command = ClaimConversation(conversation_id=conversation_id, actor=session.actor())
        return _result(await rpc(runtime.broker, subj.rpc_notifications("claim"), command, CommandResult))

    @router.post("/api/conversations/{conversation_id}/reply")
    async def reply(conversation_id: uuid.UUID, body: ReplyBody,
                    session: Annotated[ConsoleSession, Depends(checked)]) -> Response:
        command = ReplyToClient(conversation_id=conversation_id, actor=session.actor(), text=body.text)
        return _result(await rpc(runtime.broker, subj.rpc_notifications("reply"), command, CommandResult))

    @router.post("/api/conversations/{conversation_id}/close")
    async def close(conversation_id: uuid.UUID, body: CloseBody,
                    session: Annotated[ConsoleSession, Depends(checked)]) -> Response:
        command = CloseConversation(conversation_id=conversation_id, actor=session.actor(),
                                    outcomes=tuple(body.outcomes))
        return _result(await rpc(runtime.broker, subj.rpc_notifications("close"), command, CommandResult))

    @router.websocket("/ws")
    async def live(socket: WebSocket, peerline_console: Annotated[str | None, Cookie()] = None) -> None:
        if await sessions().get(peerline_console) is None:
            await socket.close(code=4401)
            return
        await socket.accept()
        hub.add(socket)
        try:
            while True:
                await socket.receive_text()  # keep-alive pings from the page
        except WebSocketDisconnect:
            pass
        finally:
            hub.remove(socket)

    return router


class CsrfRejected(Exception):
    pass


def _result(result: CommandResult) -> Response:
    status = 200 if result.ok else (409 if result.error in ("already_claimed", "not_yours") else 400)
    if result.error == "not_found":
        status = 404
    return JSONResponse(result.model_dump(mode="json"), status_code=status)


def install_error_handlers(app: Any) -> None:
    async def not_logged_in(request: Request, _: Exception) -> Response:
        return JSONResponse({"ok": False, "error": "not_logged_in"}, status_code=401)

    async def csrf_rejected(request: Request, _: Exception) -> Response:
        return JSONResponse({"ok": False, "error": "csrf"}, status_code=403)

    app.add_exception_handler(NotLoggedIn, not_logged_in)
    app.add_exception_handler(CsrfRejected, csrf_rejected)
