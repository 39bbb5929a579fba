"""The directory service: wiring only."""

from __future__ import annotations

from datetime import time

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from peerline_directory.consultants import handlers as consultant_handlers
from peerline_directory.consultants import management_handlers, telegram_handlers
from peerline_directory.consultants.admin_api import consultants_router
from peerline_directory.consultants.models import Consultant
from peerline_directory.consultants.repository import ConsultantRepository
from peerline_directory.consultants.roster import RosterCache
from peerline_directory.consultants.routing import rebuild_mirror
from peerline_directory.errors import DirectoryError
from peerline_directory.helpservices import handlers as help_handlers
from peerline_directory.helpservices.admin_api import help_services_router
from peerline_directory.helpservices.repository import HelpServiceRepository
from peerline_directory.helpservices.service import seed_examples_if_empty
from peerline_directory.library import handlers as library_handlers
from peerline_directory.library import service as library
from peerline_directory.library.repository import ArticleRepository
from peerline_directory.settings import DirectorySettings
from peerline_directory.specialists import handlers as specialist_handlers
from peerline_shared import dev
from peerline_shared.db import unit_of_work
from peerline_shared.events import utc_now
from peerline_shared.logging import get_logger
from peerline_shared.runtime import Runtime, create_service_app, new_runtime
from peerline_shared.settings import Mode

log = get_logger()


async def seed_demo_consultant(runtime: Runtime) -> None:
    """Dev mode: the demo consultant exists and is on shift around the clock."""
    async with unit_of_work(runtime.sessions) as session:
        repo = ConsultantRepository.from_session(session)
        if await repo.get(dev.DEMO_CONSULTANT_ID) is None:
            session.add(Consultant(id=dev.DEMO_CONSULTANT_ID, alias=dev.DEMO_ALIAS,
                                   languages=["uk", "ru", "en"], topics=[], countries=["UA"],
                                   capacity=5, role="supervisor", active=True, created_at=utc_now()))
            await session.flush()
        has_shifts = (await repo.list_slots(consultant_id=dev.DEMO_CONSULTANT_ID)
                      or await repo.list_overrides(consultant_id=dev.DEMO_CONSULTANT_ID))
        if not has_shifts:
            for weekday in range(7):
                await repo.add_slot(consultant_id=dev.DEMO_CONSULTANT_ID, weekday=weekday,
                                    starts=time(0, 0), ends=time(0, 0), now=utc_now())


async def seed_example_services(runtime: Runtime) -> None:
    async with unit_of_work(runtime.sessions) as session:
        added = await seed_examples_if_empty(HelpServiceRepository.from_session(session), utc_now())
        articles = await library.seed_examples_if_empty(ArticleRepository.from_session(session), utc_now())
    if added or articles:
        log.info("directory.examples_seeded", entries=added, articles=articles)


async def render_error(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, DirectoryError)
    return JSONResponse({"error": error.code, "detail": error.detail, **error.extra},
                        status_code=error.status_code)


def create_app(settings: DirectorySettings | None = None) -> FastAPI:
    settings = settings or DirectorySettings()
    runtime = new_runtime(settings, "directory", uses_db=True, uses_redis=True)
    roster = RosterCache(lambda: runtime.sessions, settings.roster_refresh_seconds)
    runtime.provide(roster=roster, actor_key=settings.actor_key.get_secret_value().encode())

    async def prepare(runtime: Runtime) -> None:
        if settings.mode is Mode.DEV:
            await seed_demo_consultant(runtime)
            if settings.seed_examples:
                await seed_example_services(runtime)
        await rebuild_mirror(runtime.sessions, runtime.redis)
        await roster.refresh()

    async def start_refresh(runtime: Runtime) -> None:
        runtime.spawn(roster.keep_fresh(), "directory-roster-refresh")

    app = create_service_app(
        runtime, title="Peerline directory",
        routers=[consultants_router(runtime, roster, settings), help_services_router(runtime, settings)],
        bus_routers=[consultant_handlers.router, management_handlers.router, telegram_handlers.router,
                     help_handlers.router, specialist_handlers.router, library_handlers.router],
        on_connected=[prepare], on_started=[start_refresh],
    )
    app.add_exception_handler(DirectoryError, render_error)
    return app
