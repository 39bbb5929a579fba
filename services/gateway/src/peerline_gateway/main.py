"""The gateway: client web chat, consultant console and operator endpoints. Wiring only."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from peerline_gateway.accounts.service import ensure_account
from peerline_gateway.canned.router import canned_router
from peerline_gateway.canned.service import seed_examples
from peerline_gateway.chat.aof import AppendOnlyFileRewriter
from peerline_gateway.chat.hub import ChatHub
from peerline_gateway.chat.inbox import ChatInbox
from peerline_gateway.chat.router import chat_router
from peerline_gateway.console.api import api_router
from peerline_gateway.console.auth import ConsoleAuth
from peerline_gateway.console.errors import install_error_handlers
from peerline_gateway.console.hub import ConsoleHub
from peerline_gateway.console.management import management_router
from peerline_gateway.console.pages import pages_router
from peerline_gateway.console.supervision import supervision_router
from peerline_gateway.live import handlers as live_handlers
from peerline_gateway.security import install_security_headers
from peerline_gateway.settings import GatewaySettings
from peerline_gateway.web import STATIC_DIR
from peerline_shared import dev
from peerline_shared.db import unit_of_work
from peerline_shared.runtime import Runtime, create_service_app, new_runtime
from peerline_shared.settings import Mode


def create_app(settings: GatewaySettings | None = None) -> FastAPI:
    settings = settings or GatewaySettings()
    runtime = new_runtime(settings, "gateway", uses_db=True, uses_redis=True)
    chats, consoles = ChatHub(), ConsoleHub()
    auth = ConsoleAuth(runtime, settings.console_idle_minutes * 60, settings.console_absolute_hours * 3600)
    runtime.provide(consoles=consoles)

    rewriter = AppendOnlyFileRewriter()

    async def start_push(runtime: Runtime) -> None:
        inbox = ChatInbox(runtime.redis, settings.chat_history_hours * 3600)
        runtime.spawn(chats.push_loop(runtime.redis, inbox), "chat-push")
        runtime.spawn(rewriter.run(runtime.redis), "chat-aof-rewrite")

    async def seed_demo_data(runtime: Runtime) -> None:
        if settings.mode is not Mode.DEV:
            return
        async with unit_of_work(runtime.sessions) as session:
            await ensure_account(
                session,
                consultant_id=dev.DEMO_CONSULTANT_ID,
                login=dev.DEMO_LOGIN,
                password=dev.DEMO_PASSWORD,
                alias=dev.DEMO_ALIAS,
                role="supervisor",
            )
            await seed_examples(session, dev.DEMO_CONSULTANT_ID)

    app = create_service_app(
        runtime,
        title="Peerline gateway",
        routers=[
            chat_router(runtime, settings, chats, rewriter),
            pages_router(runtime, settings, auth),
            api_router(runtime, settings, auth),
            supervision_router(runtime, settings, auth, consoles),
            management_router(runtime, settings, auth),
            canned_router(runtime, auth),
        ],
        bus_routers=[live_handlers.router],
        on_connected=[seed_demo_data],
        on_started=[start_push],
    )
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    install_error_handlers(app)
    install_security_headers(app, settings.allowed_origins, https=settings.public_url.startswith("https://"))
    return app
