"""The directory service: wiring only."""

from __future__ import annotations

from fastapi import FastAPI

from peerline_directory.consultants import handlers as consultant_handlers
from peerline_directory.consultants.models import Consultant
from peerline_directory.settings import DirectorySettings
from peerline_shared import dev
from peerline_shared.db import unit_of_work
from peerline_shared.events import utc_now
from peerline_shared.runtime import Runtime, create_service_app, new_runtime
from peerline_shared.settings import Mode


def create_app(settings: DirectorySettings | None = None) -> FastAPI:
    settings = settings or DirectorySettings()
    runtime = new_runtime(settings, "directory", uses_db=True, uses_redis=True)
    consultant_handlers.register(runtime)

    async def seed_demo_consultant(runtime: Runtime) -> None:
        if settings.mode is not Mode.DEV:
            return
        async with unit_of_work(runtime.sessions) as session:
            if await session.get(Consultant, dev.DEMO_CONSULTANT_ID) is None:
                session.add(Consultant(id=dev.DEMO_CONSULTANT_ID, alias=dev.DEMO_ALIAS,
                                       languages=["uk", "ru", "en"], topics=[], countries=["UA"],
                                       capacity=5, role="supervisor", active=True, created_at=utc_now()))

    return create_service_app(runtime, title="Peerline directory", on_connected=[seed_demo_consultant])
