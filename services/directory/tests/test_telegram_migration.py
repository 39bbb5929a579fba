"""Migration 0005 (when Telegram DMs come, lookup by Telegram user) on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from peerline_directory.cli_support import MIGRATIONS, VERSION_TABLE
from peerline_directory.models import metadata
from peerline_shared.migrations import upgrade_to_head
from peerline_testing.migrations import differences, down_and_up, fresh_database


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
async def test_the_migration_makes_what_the_model_maps_and_undoes(kind: str, tmp_path: Path) -> None:
    async with fresh_database(kind, tmp_path) as url:
        await asyncio.to_thread(upgrade_to_head, MIGRATIONS, url, VERSION_TABLE)
        assert await differences(url, metadata, lambda diff: "telegram" in diff) == []
        await down_and_up(MIGRATIONS, url, VERSION_TABLE)
        assert await differences(url, metadata, lambda diff: "telegram" in diff) == []
