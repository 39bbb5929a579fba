"""Alembic for every service: each keeps its own migrations and its own version table.

A service's `migrations/env.py` is two lines calling `run_env`; `upgrade_to_head` runs them
from code (the dev runner, tests, and each service's `peerline <service> migrate`).
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData
from sqlalchemy.engine import Connection

from peerline_shared.db import create_engine


def alembic_config(migrations_dir: Path, database_url: str, version_table: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    config.set_main_option("sqlalchemy.url", database_url)
    config.attributes["version_table"] = version_table
    return config


def upgrade_to_head(migrations_dir: Path, database_url: str, version_table: str) -> None:
    # Alembic narrates every step at INFO; commands that print data must not carry it.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    command.upgrade(alembic_config(migrations_dir, database_url, version_table), "head")


def run_env(metadata: MetaData) -> None:
    """Body of a service's `env.py`: run migrations online over the async engine."""
    config = context.config
    url = config.get_main_option("sqlalchemy.url") or ""
    version_table = config.attributes.get("version_table", "alembic_version")

    def migrate(connection: Connection) -> None:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            version_table=version_table,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()

    async def run() -> None:
        engine = create_engine(url)
        async with engine.connect() as connection:
            await connection.run_sync(migrate)
            await connection.commit()
        await engine.dispose()

    asyncio.run(run())
