"""The notifications service: wiring only."""

from __future__ import annotations

from fastapi import FastAPI

from peerline_notifications.conversations import handlers as conversation_handlers
from peerline_notifications.corrections import handlers as correction_handlers
from peerline_notifications.db import serialise_sqlite_writes
from peerline_notifications.delivery import handlers as delivery_handlers
from peerline_notifications.deps import Clock, Deps
from peerline_notifications.directory_client import NatsDirectory
from peerline_notifications.loops import loops, replica_loops
from peerline_notifications.privacy import handlers as privacy_handlers
from peerline_notifications.reports import handlers as report_handlers
from peerline_notifications.settings import NotificationsSettings
from peerline_notifications.shift_hours import NatsShiftHours
from peerline_shared.bus.lease import Lease, lead
from peerline_shared.events import subjects as subj
from peerline_shared.events import utc_now
from peerline_shared.i18n import Catalogue
from peerline_shared.runtime import Runtime, create_service_app, new_runtime

BUS_ROUTERS = (
    conversation_handlers.router, correction_handlers.router, privacy_handlers.router, report_handlers.router,
    delivery_handlers.router,
)
"""Every feature's message handlers: each declares its own on its router."""


def create_app(settings: NotificationsSettings | None = None, clock: Clock = utc_now) -> FastAPI:
    settings = settings or NotificationsSettings()
    runtime = new_runtime(settings, "notifications", uses_db=True, uses_redis=False)
    catalogue = Catalogue.load("peerline_notifications")
    runtime.provide(actor_key=settings.actor_key.get_secret_value().encode())

    async def wire(runtime: Runtime) -> None:
        assert runtime.engine is not None
        serialise_sqlite_writes(runtime.engine)
        runtime.provide(deps=Deps(
            sessions=runtime.sessions,
            publisher=runtime.broker,
            directory=NatsDirectory(runtime.broker, settings.directory_timeout_s),
            shift_hours=NatsShiftHours(runtime.broker, settings.directory_timeout_s),
            settings=settings,
            catalogue=catalogue,
            clock=clock,
        ))

    return create_service_app(runtime, title="Peerline notifications", bus_routers=BUS_ROUTERS,
                              on_connected=[wire], on_started=[start_loops])


LEASE_KEY = subj.LEASE_NOTIFICATIONS


async def start_loops(runtime: Runtime) -> None:
    """Every replica campaigns; the holder of the lease runs the loops that must run once."""
    deps = runtime.provided("deps", Deps)
    settings = deps.settings
    lease = await Lease.open(runtime.broker.jetstream(), key=LEASE_KEY, ttl_s=settings.leader_lease_s,
                             replicas=settings.stream_replicas)
    runtime.spawn(lead(lease, lambda: loops(deps)), name="notifications-leader")
    for name, work in replica_loops(deps).items():
        runtime.spawn(work, name=f"notifications-{name}")
