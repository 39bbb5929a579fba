"""Dev-mode seeding, the console's search over NATS, and idempotent load bookkeeping."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from peerline_directory.consultants.load import apply_conversation_event
from peerline_directory.consultants.repository import LoadRepository
from peerline_directory.main import create_app
from peerline_directory.settings import DirectorySettings
from peerline_shared import dev
from peerline_shared.bus import NatsBus, request
from peerline_shared.db import unit_of_work
from peerline_shared.events import (
    ConversationClaimed,
    HelpServicesFound,
    ListOnShift,
    OnShiftListed,
    SearchHelpServices,
)
from peerline_shared.events import subjects as subj
from peerline_shared.settings import Mode

pytestmark = pytest.mark.integration


async def test_dev_mode_seeds_demo_consultant_and_example_services(
        settings: DirectorySettings, nats_bus: NatsBus) -> None:
    app = create_app(settings.model_copy(update={"mode": Mode.DEV}))
    async with app.router.lifespan_context(app):
        found = await request(nats_bus, subj.RPC_DIRECTORY_SEARCH,
                              SearchHelpServices(text="метадон", lang="ru"), HelpServicesFound)
        assert found.items and all(item.is_example for item in found.items)
        assert all(item.contacts == "" for item in found.items)  # examples invent no contacts
        listed = await request(nats_bus, subj.RPC_DIRECTORY_ON_SHIFT, ListOnShift(), OnShiftListed)
        assert dev.DEMO_CONSULTANT_ID in {c.consultant_id for c in listed.consultants}
    app = create_app(settings.model_copy(update={"mode": Mode.DEV}))  # a restart seeds nothing twice
    async with app.router.lifespan_context(app):
        listed = await request(nats_bus, subj.RPC_DIRECTORY_ON_SHIFT, ListOnShift(), OnShiftListed)
        assert [c.consultant_id for c in listed.consultants] == [dev.DEMO_CONSULTANT_ID]


async def test_a_redelivered_event_changes_nothing(sessions: async_sessionmaker[AsyncSession]) -> None:
    consultant = uuid.uuid4()
    claim = ConversationClaimed(conversation_id=uuid.uuid4(), state="active", urgency="normal",
                                lang="uk", channel="web", consultant_id=consultant)
    now = datetime.now(UTC)
    for expected in (True, False):
        async with unit_of_work(sessions) as session:
            assert await apply_conversation_event(session, claim, "test", now) is expected
    async with sessions() as session:
        assert await LoadRepository(session).load_counts() == {consultant: 1}
