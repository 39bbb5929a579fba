"""The gateway: client web chat, consultant console and operator endpoints. Wiring only.

Every route lives on its feature's module-level router, listed once in `ROUTERS`; what they
need after start-up reaches them through `deps.py` (one `Gateway` on `app.state`)."""

from __future__ import annotations

from functools import partial

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles

from peerline_gateway.accounts.service import ensure_account
from peerline_gateway.banner import router as banner
from peerline_gateway.canned import router as canned
from peerline_gateway.canned.service import seed_examples
from peerline_gateway.chat import router as chat
from peerline_gateway.chat.aof import AppendOnlyFileRewriter
from peerline_gateway.chat.hub import ChatHub
from peerline_gateway.chat.inbox import ChatInbox
from peerline_gateway.console import access_events, management, specialists, supervision
from peerline_gateway.console import account as console_account
from peerline_gateway.console import alerts as console_alerts
from peerline_gateway.console import api as console_api
from peerline_gateway.console import lock as console_lock
from peerline_gateway.console import pages as console_pages
from peerline_gateway.console import reports as console_reports
from peerline_gateway.console import second_factor as console_second_factor
from peerline_gateway.console.errors import install_error_handlers
from peerline_gateway.console.hub import ConsoleHub
from peerline_gateway.deps import Gateway, NatsBus
from peerline_gateway.library import router as library
from peerline_gateway.live import handlers as live_handlers
from peerline_gateway.live import router as live
from peerline_gateway.posts import router as posts
from peerline_gateway.posts.publisher import Publisher, publish_loop
from peerline_gateway.secondfactor.service import ensure_enrolled
from peerline_gateway.security import install_security_headers
from peerline_gateway.settings import GatewaySettings
from peerline_gateway.web import STATIC_DIR
from peerline_shared import dev
from peerline_shared.bus.lease import Lease, lead
from peerline_shared.db import unit_of_work
from peerline_shared.events import subjects as subj
from peerline_shared.runtime import Runtime, create_service_app, new_runtime
from peerline_shared.settings import Mode

ROUTERS: tuple[APIRouter, ...] = (
    chat.router,
    banner.router,
    console_pages.router,
    console_api.router,
    supervision.router,
    management.router,
    console_alerts.router,
    specialists.router,
    console_account.router,
    canned.router,
    library.router,
    posts.router,
    live.router,
    console_second_factor.router,
    console_lock.router,
    console_reports.router,
)
CONSOLE_BODY_LIMIT = 128 * 1024
"""The console sends forms and JSON of a few kilobytes (a reply is at most 16,000 characters)."""


def create_app(settings: GatewaySettings | None = None) -> FastAPI:
    settings = settings or GatewaySettings()
    runtime = new_runtime(settings, "gateway", uses_db=True, uses_redis=True)
    gateway = Gateway(settings, runtime, bus=NatsBus(runtime))
    chats, consoles, rewriter = ChatHub(), ConsoleHub(), AppendOnlyFileRewriter()
    runtime.provide(consoles=consoles)
    app = create_service_app(
        runtime,
        title="Peerline gateway",
        routers=ROUTERS,
        bus_routers=[live_handlers.router, access_events.router],
        on_connected=[partial(seed_demo_data, settings)],
        on_started=[partial(start_push, settings, chats, consoles, rewriter),
                    partial(start_publisher, gateway)],
        body_limits={"/console": CONSOLE_BODY_LIMIT},
    )
    install_gateway(app, gateway, chats=chats, consoles=consoles, rewriter=rewriter)
    return app


def install_gateway(
    app: FastAPI, gateway: Gateway, *, chats: ChatHub, consoles: ConsoleHub, rewriter: AppendOnlyFileRewriter
) -> None:
    """What every gateway app has besides its routes: its state (read by the providers of
    `deps`, `chat.deps` and `console.deps`), assets, errors, headers."""
    app.state.gateway = gateway
    app.state.chats = chats
    app.state.consoles = consoles
    app.state.rewriter = rewriter
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    install_error_handlers(app)
    settings = gateway.settings
    install_security_headers(app, settings.allowed_origins, https=settings.public_url.startswith("https://"))


async def start_push(
    settings: GatewaySettings,
    chats: ChatHub,
    consoles: ConsoleHub,
    rewriter: AppendOnlyFileRewriter,
    runtime: Runtime,
) -> None:
    inbox = ChatInbox(runtime.redis, settings.chat_history_hours * 3600)
    runtime.spawn(chats.push_loop(runtime.redis, inbox), "chat-push")
    runtime.spawn(rewriter.run(runtime.redis), "chat-aof-rewrite")
    runtime.spawn(consoles.revocation_loop(runtime.redis), "console-sessions-ended")


async def start_publisher(gateway: Gateway, runtime: Runtime) -> None:
    """Scheduled channel posts: every replica campaigns, the lease's holder looks for what is due.
    Each delivery is still claimed by a conditional update: leases can overlap for a moment."""
    settings = gateway.settings
    publisher = Publisher(runtime.sessions, gateway.bus, settings.rpc_timeout_seconds * 3)
    lease = await Lease.open(runtime.broker.jetstream(), key=subj.LEASE_GATEWAY_POSTS,
                             ttl_s=settings.leader_lease_s, replicas=settings.stream_replicas)
    every_s = settings.posts_check_seconds
    runtime.spawn(lead(lease, lambda: {"posts": publish_loop(publisher, every_s)}), "channel-posts-leader")


async def seed_demo_data(settings: GatewaySettings, runtime: Runtime) -> None:
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
        await session.flush()
        await ensure_enrolled(session, dev.DEMO_CONSULTANT_ID, dev.DEMO_TOTP_SECRET)
        await seed_examples(session, dev.DEMO_CONSULTANT_ID)
