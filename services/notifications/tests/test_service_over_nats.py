"""The service in-process over a real nats-server: the console contract end to end.

Done means: an emergency alerts two consultants, one claims, the other sees it taken."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path

import orjson
import pytest
import pytest_asyncio

from peerline_devtools.localservers import NatsServer
from peerline_notifications.cli import MIGRATIONS, VERSION_TABLE
from peerline_notifications.main import create_app
from peerline_notifications.settings import NotificationsSettings
from peerline_shared.bus import BadRequest, BusRouter, NatsBus, create_bus, publish_event, request
from peerline_shared.events import (
    Actor,
    AuditPage,
    CandidatesFound,
    ClaimConversation,
    CommandResult,
    ConversationShown,
    FindCandidates,
    GetConversation,
    GetQueueStats,
    ListQueue,
    MessageTriaged,
    QueryAudit,
    QueueListed,
    QueueStats,
)
from peerline_shared.events import subjects as subj
from peerline_shared.migrations import upgrade_to_head
from peerline_testing.actors import as_gateway

from .conftest import consultant, triaged

OLENA, TARAS = consultant("Olena"), consultant("Taras")
BOSS = consultant("Iryna", role="supervisor")


@dataclass
class Bus:
    broker: NatsBus
    router: BusRouter = field(default_factory=BusRouter)
    seen: list[dict[str, object]] = field(default_factory=list)
    directory_answers: bool = True

    async def wait_for(
        self, predicate: Callable[[dict[str, object]], bool], within: float = 10.0
    ) -> dict[str, object]:
        deadline = asyncio.get_running_loop().time() + within
        while asyncio.get_running_loop().time() < deadline:
            for event in self.seen:
                if predicate(event):
                    return event
            await asyncio.sleep(0.05)
        raise AssertionError(f"no such event among {[e.get('type') for e in self.seen]}")

    async def ask(self, name: str, query, reply):  # type: ignore[no-untyped-def]
        return await request(self.broker, subj.rpc_notifications(name), as_gateway(query), reply, timeout=5.0)


async def migrated(url: str) -> None:
    await asyncio.to_thread(upgrade_to_head, MIGRATIONS, url, VERSION_TABLE)


@pytest_asyncio.fixture
async def bus(own_nats: NatsServer, tmp_path: Path) -> AsyncIterator[Bus]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'notifications.sqlite'}"
    await migrated(url)
    settings = NotificationsSettings(
        nats_url=own_nats.url, database_url=url, directory_timeout_s=0.5, notice_batch_s=0.2, sla_tick_s=0.2
    )
    broker = create_bus(settings, client_name="pytest-console")
    bus = Bus(broker)
    broker.include_router(bus.router)

    @bus.router.rpc(subject=subj.RPC_DIRECTORY_CANDIDATES, request=FindCandidates, reply=CandidatesFound,
                    queue="directory")
    async def directory(query: FindCandidates) -> CandidatesFound:
        if not bus.directory_answers:
            await asyncio.sleep(2)
        return CandidatesFound(candidates=(OLENA, TARAS), supervisors=(BOSS,), on_shift_count=3)

    async def watch(body: bytes) -> None:
        bus.seen.append(orjson.loads(body))

    for subject in (subj.CONSULTANT_NOTIFIED, subj.CONVERSATION_ALL, subj.OUTBOUND_ALL):
        bus.router.follow(subject=subject)(watch)

    app = create_app(settings)
    async with app.router.lifespan_context(app):
        await broker.start()
        yield bus
        await broker.stop()


def _actor(person) -> Actor:  # type: ignore[no-untyped-def]
    return Actor(consultant_id=person.consultant_id, alias=person.alias, role=person.role)


async def _send(bus: Bus, event: MessageTriaged) -> str:
    await publish_event(bus.broker, event, subj.TRIAGED)
    queued = await bus.wait_for(lambda e: e["type"] == "conversation.queued")
    return str(queued["conversation_id"])


async def test_emergency_alerts_both_one_claims_the_other_sees_it_taken(bus: Bus) -> None:
    conversation_id = await _send(bus, triaged("він посинів і не дихає", urgency="emergency"))
    alert = await bus.wait_for(lambda e: e["type"] == "consultant.notified" and e["kind"] == "emergency")
    assert {str(OLENA.consultant_id), str(TARAS.consultant_id)} <= set(alert["consultant_ids"])  # type: ignore[arg-type]
    assert "client_id" not in alert and "дихає" not in orjson.dumps(alert).decode()

    target = uuid.UUID(conversation_id)
    won, lost = await asyncio.gather(
        bus.ask("claim", ClaimConversation(conversation_id=target, actor=_actor(OLENA)), CommandResult),
        bus.ask("claim", ClaimConversation(conversation_id=target, actor=_actor(TARAS)), CommandResult),
    )
    winner, loser = (OLENA, TARAS) if won.ok else (TARAS, OLENA)
    refusal = lost if won.ok else won
    assert (refusal.error, refusal.holder_alias) == ("already_claimed", winner.alias)

    claimed = await bus.wait_for(lambda e: e["type"] == "conversation.claimed")
    assert claimed["consultant_alias"] == winner.alias
    taken = await bus.wait_for(lambda e: e["type"] == "consultant.notified" and e["kind"] == "taken")
    assert str(loser.consultant_id) in taken["consultant_ids"]  # type: ignore[operator]


async def test_a_batched_offer_says_the_conversations_topics_and_language(bus: Bus) -> None:
    """Normal urgency waits in the notice table for the leader's batch; what the consultant's
    DM shows of the conversation survives the table."""
    conversation_id = await _send(bus, triaged("де взяти метадон?", lang="ru", topics=("ost", "hiv")))
    offer = await bus.wait_for(
        lambda e: e["type"] == "consultant.notified" and e["kind"] == "new_conversation")
    assert offer["conversation_id"] == conversation_id and offer["urgency"] == "normal"
    assert (offer["topics"], offer["lang"]) == (["ost", "hiv"], "ru")
    assert offer["waiting_since"] is not None


async def test_every_console_rpc_answers(bus: Bus) -> None:
    conversation_id = uuid.UUID(await _send(bus, triaged("де взяти метадон?", urgency="normal")))
    await bus.wait_for(lambda e: e["type"] == "conversation.offered")  # routing runs after the ack
    listed = await bus.ask("queue", ListQueue(actor=_actor(OLENA)), QueueListed)
    assert listed.items[0].conversation_id == conversation_id and listed.items[0].position == 1
    shown = await bus.ask(
        "conversation",
        GetConversation(conversation_id=conversation_id, actor=_actor(OLENA)),
        ConversationShown,
    )
    assert shown.found and shown.messages[0].text == "де взяти метадон?"
    stats = await bus.ask("stats", GetQueueStats(actor=_actor(BOSS)), QueueStats)
    assert stats.depth_by_urgency == {"normal": 1}
    page = await bus.ask("audit", QueryAudit(actor=_actor(BOSS), conversation_id=conversation_id), AuditPage)
    assert page.chain_ok and [e.action for e in page.entries] == ["viewed", "offered", "queued"]
    refused = await bus.ask("audit", QueryAudit(actor=_actor(OLENA)), AuditPage)
    assert refused.error == "forbidden" and not refused.entries
    with pytest.raises(BadRequest, match="ClaimConversation"):
        wrong_kind = ListQueue(actor=_actor(OLENA))
        await request(bus.broker, subj.rpc_notifications("claim"), wrong_kind, CommandResult)


async def test_a_silent_directory_leaves_it_queued_nothing_lost(bus: Bus) -> None:
    bus.directory_answers = False
    conversation_id = uuid.UUID(await _send(bus, triaged("є хто?", client="patient")))
    await asyncio.sleep(0.8)
    listed = await bus.ask("queue", ListQueue(actor=_actor(OLENA)), QueueListed)
    assert [(i.conversation_id, i.state) for i in listed.items] == [(conversation_id, "queued")]
