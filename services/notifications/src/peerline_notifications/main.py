"""The notifications service: wiring only."""

from __future__ import annotations

from fastapi import FastAPI

from peerline_notifications.conversations import handlers as conversation_handlers
from peerline_notifications.corrections import handlers as correction_handlers
from peerline_notifications.db import serialise_sqlite_writes
from peerline_notifications.deps import Clock, Deps
from peerline_notifications.directory_client import NatsDirectory
from peerline_notifications.loops import loops
from peerline_notifications.outbox.relay import BrokerPublisher
from peerline_notifications.privacy import handlers as privacy_handlers
from peerline_notifications.settings import NotificationsSettings
from peerline_shared.events import utc_now
from peerline_shared.i18n import Catalogue
from peerline_shared.runtime import Runtime, create_service_app, new_runtime


def create_app(settings: NotificationsSettings | None = None, clock: Clock = utc_now) -> FastAPI:
    settings = settings or NotificationsSettings()
    runtime = new_runtime(settings, "notifications", uses_db=True, uses_redis=False)
    catalogue = Catalogue.load("peerline_notifications")
    holder: dict[str, Deps] = {}

    async def wire(runtime: Runtime) -> None:
        assert runtime.engine is not None
        serialise_sqlite_writes(runtime.engine)
        holder["deps"] = Deps(
            sessions=runtime.sessions,
            publisher=BrokerPublisher(runtime.broker),
            directory=NatsDirectory(runtime.broker, settings.directory_timeout_s),
            settings=settings,
            catalogue=catalogue,
            clock=clock,
        )

    async def start_loops(runtime: Runtime) -> None:
        for name, work in loops(holder["deps"]).items():
            runtime.spawn(work, name=f"notifications-{name}")

    deps_proxy = _LazyDeps(holder)
    conversation_handlers.register(runtime, deps_proxy, settings)  # type: ignore[arg-type]
    privacy_handlers.register(runtime, deps_proxy, settings)  # type: ignore[arg-type]
    correction_handlers.register(runtime, deps_proxy)  # type: ignore[arg-type]
    return create_service_app(
        runtime, title="Peerline notifications", on_connected=[wire], on_started=[start_loops]
    )


class _LazyDeps:
    """Subscribers are registered before the lifespan opens the database; they reach the
    dependencies through this once it has."""

    def __init__(self, holder: dict[str, Deps]) -> None:
        self._holder = holder

    def __getattr__(self, name: str) -> object:
        return getattr(self._holder["deps"], name)
