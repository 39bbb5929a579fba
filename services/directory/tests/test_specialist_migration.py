"""Migration 0003 on SQLite and PostgreSQL: the tables it creates are the ones the models map,
the default kinds are there, and a specialist with kinds and availability round-trips."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from peerline_directory.cli_support import MIGRATIONS, VERSION_TABLE
from peerline_directory.consultants.models import Consultant
from peerline_directory.models import metadata
from peerline_directory.specialists import service
from peerline_directory.specialists.repository import SpecialistRepository
from peerline_shared.db import create_engine, session_factory, unit_of_work
from peerline_shared.events import (
    Actor,
    AvailabilityWindow,
    ListSpecialists,
    SaveSpecialist,
    SaveSpecialistKind,
    utc_now,
)
from peerline_shared.events.vocabulary import DEFAULT_SPECIALIST_KINDS
from peerline_shared.migrations import upgrade_to_head
from peerline_testing.migrations import differences, fresh_database

BOSS = Actor(consultant_id=uuid.uuid4(), alias="Iryna", role="supervisor")


@pytest_asyncio.fixture(params=["sqlite", "postgresql"])
async def migrated_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    async with fresh_database(request.param, tmp_path) as url:
        await asyncio.to_thread(upgrade_to_head, MIGRATIONS, url, VERSION_TABLE)
        yield url


async def test_the_migration_creates_what_the_models_map(migrated_url: str) -> None:
    engine = create_engine(migrated_url)
    try:
        assert await differences(migrated_url, metadata, lambda diff: "specialist" in diff) == []
        sessions = session_factory(engine)
        lev = uuid.uuid4()
        async with unit_of_work(sessions) as session:
            session.add(
                Consultant(
                    id=lev,
                    alias="Lev",
                    languages=["ru"],
                    topics=[],
                    countries=[],
                    capacity=3,
                    role="consultant",
                    time_zone="UTC",
                    active=True,
                    created_at=utc_now(),
                )
            )
            await session.flush()
            repo = SpecialistRepository.from_session(session)
            await service.save_kind(
                repo, SaveSpecialistKind(actor=BOSS, key="harm_reduction_nurse", label="Nurse"), utc_now()
            )
            window = AvailabilityWindow(weekday=1, starts="14:00", ends="18:00")
            await service.save_specialist(
                repo,
                await session.get(Consultant, lev),
                SaveSpecialist(
                    actor=BOSS,
                    consultant_id=lev,
                    kinds=("lawyer", "harm_reduction_nurse"),
                    availability=(window,),
                ),
                utc_now(),
            )
        async with sessions() as session:
            listed = await service.list_specialists(
                SpecialistRepository.from_session(session), ListSpecialists(kind="lawyer"), utc_now()
            )
        assert {kind.key for kind in listed.kinds} == {*DEFAULT_SPECIALIST_KINDS, "harm_reduction_nurse"}
        (only,) = listed.specialists
        assert (only.alias, only.kinds, only.availability) == (
            "Lev",
            ("lawyer", "harm_reduction_nurse"),
            (window,),
        )
        assert only.next_available_at is not None
    finally:
        await engine.dispose()
