"""Supervisor API (queue statistics, the audit log) and the console's live socket."""

import uuid
from datetime import datetime, timedelta
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Cookie, Depends, Query, WebSocket, WebSocketDisconnect

from peerline_gateway.console.auth import ConsoleAuth
from peerline_gateway.console.hub import ConsoleHub
from peerline_gateway.console.rpc import ask
from peerline_gateway.console.sessions import ConsoleSession
from peerline_gateway.settings import GatewaySettings
from peerline_shared.events import (
    AuditPage,
    GetQueueStats,
    GetTriageCorrectionStats,
    QueryAudit,
    QueueStats,
    TriageCorrectionStats,
    utc_now,
)
from peerline_shared.events import subjects as subj
from peerline_shared.runtime import Runtime


def supervision_router(
    runtime: Runtime, settings: GatewaySettings, auth: ConsoleAuth, hub: ConsoleHub
) -> APIRouter:
    router = APIRouter(prefix="/console", tags=["console"])
    Supervisor = Annotated[ConsoleSession, Depends(auth.role("supervisor"))]

    @router.get("/api/stats")
    async def stats(session: Supervisor) -> dict[str, Any]:
        shown = await ask(
            runtime,
            subj.rpc_notifications("stats"),
            GetQueueStats(actor=session.actor()),
            QueueStats,
            what="queue statistics",
            service="notifications",
            wait_seconds=settings.rpc_timeout_seconds,
        )
        return shown.model_dump(mode="json")

    @router.get("/api/corrections")
    async def corrections(
        session: Supervisor, days: Annotated[int, Query(ge=1, le=365)] = 7
    ) -> dict[str, Any]:
        until = utc_now()
        shown = await ask(
            runtime,
            subj.rpc_notifications("correction_stats"),
            GetTriageCorrectionStats(actor=session.actor(), since=until - timedelta(days=days), until=until),
            TriageCorrectionStats,
            what="triage corrections",
            service="notifications",
            wait_seconds=settings.rpc_timeout_seconds,
        )
        return shown.model_dump(mode="json")

    @router.get("/api/audit")
    async def audit(
        session: Supervisor,
        consultant_id: Annotated[str | None, Query(max_length=64)] = None,
        conversation_id: uuid.UUID | None = None,
        action: Annotated[str | None, Query(max_length=40)] = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    ) -> dict[str, Any]:
        query = QueryAudit(
            actor=session.actor(),
            consultant_id=consultant_id or None,
            conversation_id=conversation_id,
            action=action or None,
            since=since,
            until=until,
            limit=limit,
        )
        page = await ask(
            runtime,
            subj.rpc_notifications("audit"),
            query,
            AuditPage,
            what="audit log",
            service="notifications",
            wait_seconds=settings.rpc_timeout_seconds,
        )
        return page.model_dump(mode="json")

    @router.websocket("/ws")
    async def live(socket: WebSocket, peerline_console: Annotated[str | None, Cookie()] = None) -> None:
        origin = socket.headers.get("origin")
        if origin is not None and urlsplit(origin).netloc != socket.headers.get("host"):
            await socket.close(code=4403)  # another site riding on the consultant's cookie
            return
        if await auth.sessions().get(peerline_console) is None:
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
