"""Migration 0003 on SQLite and PostgreSQL: the tables it creates are the ones the models map,
and the alert path (subscribe, draft, approve, take a delivery once, recover) runs on both."""

from __future__ import annotations

import uuid

from peerline_shared.db import create_engine, session_factory, unit_of_work
from peerline_shared.events import Actor, AlertTexts, DraftAlert, utc_now
from peerline_telegram.alerts import service
from peerline_telegram.alerts.domain import Delivery, Place
from peerline_telegram.alerts.repository import AlertRepository
from peerline_telegram.cli import VERSION_TABLE
from peerline_telegram.identity import service as identity
from peerline_telegram.identity.crypto import ChatIdCipher
from peerline_telegram.models import metadata
from peerline_testing.migrations import differences

ANNA = Actor(consultant_id=uuid.uuid4(), alias="Anna", role="supervisor")
BORYS = Actor(consultant_id=uuid.uuid4(), alias="Borys", role="admin")


async def test_the_migration_maps_the_models_and_a_delivery_is_taken_once(migrated_url: str) -> None:
    engine = create_engine(migrated_url)
    cipher = ChatIdCipher("key-for-the-migration-test")
    try:
        assert await differences(migrated_url, metadata, lambda diff: VERSION_TABLE not in diff) == []
        sessions = session_factory(engine)
        async with unit_of_work(sessions) as session:
            await identity.remember(session, cipher, client_id="v1:AAAA", chat_id=42)
            await service.subscribe(session, client_id="v1:AAAA", place=Place("UA", "UA-46"), lang="uk")
            draft = await service.draft(
                session, DraftAlert(actor=ANNA, country="UA", region=None, texts=AlertTexts(uk="Увага")), ANNA
            )
        async with unit_of_work(sessions) as session:
            approved = await service.approve(session, draft.alert_id, BORYS)
        assert approved.progress.total == 1
        async with unit_of_work(sessions) as session:
            repository = AlertRepository.from_session(session)
            [(client_id, lang, blob)] = await repository.list_pending(alert_id=draft.alert_id, limit=10)
            assert (client_id, lang, cipher.decrypt(blob or b"", client_id)) == ("v1:AAAA", "uk", 42)
            taken = [
                await repository.move(
                    alert_id=draft.alert_id,
                    client_id=client_id,
                    from_status=Delivery.PENDING,
                    to_status=Delivery.SENDING,
                    at=utc_now(),
                )
                for _ in range(2)
            ]
            assert taken == [True, False], "a delivery is taken once"
        async with unit_of_work(sessions) as session:
            assert await AlertRepository.from_session(session).mark_interrupted(at=utc_now()) == 1
        async with sessions() as session:
            shown = await service.shown(
                session, await AlertRepository.from_session(session).get(alert_id=draft.alert_id)
            )  # type: ignore[arg-type]
            assert (shown.progress.uncertain, shown.progress.remaining) == (1, 0)
        async with unit_of_work(sessions) as session:
            await service.forget(session, client_id="v1:AAAA")
        async with sessions() as session:
            assert await AlertRepository.from_session(session).delivery_counts(alert_id=draft.alert_id) == {}
            assert await AlertRepository.from_session(session).count_subscribers() == 0
    finally:
        await engine.dispose()
