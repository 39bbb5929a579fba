"""Migration 0002 on SQLite and PostgreSQL: the identity map gains the sealed place and when the
client was asked; the model maps it, and a place round-trips through the identity service."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from peerline_shared.db import create_engine, session_factory, unit_of_work
from peerline_shared.events import ClientPlace
from peerline_telegram.identity import service as identity
from peerline_telegram.identity.crypto import ChatIdCipher
from peerline_telegram.models import metadata
from peerline_testing.migrations import differences

pytestmark = [pytest.mark.integration]


async def test_the_place_columns_match_the_model_and_a_place_round_trips(migrated_url: str) -> None:
    engine = create_engine(migrated_url)
    try:
        assert await differences(migrated_url, metadata, lambda diff: "place" in diff) == []
        sessions, cipher = session_factory(engine), ChatIdCipher("a key for this test")
        async with unit_of_work(sessions) as session:
            await identity.remember(session, cipher, client_id="v1:A", chat_id=42)
            assert await identity.place_offer_due(session, client_id="v1:A")
            assert not await identity.place_offer_due(session, client_id="v1:A"), "asked once"
            await identity.choose_place(session, cipher, client_id="v1:A", chat_id=42,
                                        place=ClientPlace(country="UA", region="UA-46"))
        async with unit_of_work(sessions) as session:
            known = await identity.remember(session, cipher, client_id="v1:A", chat_id=42)
        assert known.place == ClientPlace(country="UA", region="UA-46")
        async with engine.connect() as connection:
            stored = await connection.scalar(text("SELECT place_ciphertext FROM telegram_identity"))
        assert b"UA-46" not in stored
    finally:
        await engine.dispose()
