"""Two notifications processes on one PostgreSQL database and one NATS: the leader (the
holder of the lease) is killed with SIGKILL partway through a stream of client messages.
The other takes over the loops within 10 seconds; no message is lost, no client gets two
conversations, nobody is offered a conversation twice, and the audit chain is intact."""

from __future__ import annotations

import asyncio
import os
import signal
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import httpx
import orjson
import pytest
import pytest_asyncio
from sqlalchemy import func, select

from peerline_devtools.devstack import ServiceProcess
from peerline_devtools.localservers import NatsServer, free_port
from peerline_notifications.audit.verify import verify_stored_chain
from peerline_notifications.cli import MIGRATIONS, VERSION_TABLE
from peerline_notifications.main import LEASE_KEY
from peerline_notifications.notices.models import PendingNotice
from peerline_notifications.outbox.models import OutboxEvent
from peerline_notifications.storage.models import Conversation, Message
from peerline_shared.bus import BusRouter, NatsBus, create_bus, provision_streams, publish_event
from peerline_shared.db import create_engine, session_factory
from peerline_shared.events import Candidate, CandidatesFound, FindCandidates, MessageTriaged, utc_now
from peerline_shared.events import subjects as subj
from peerline_shared.migrations import upgrade_to_head
from peerline_shared.privacy.pseudonym import client_pseudonym
from peerline_shared.settings import BaseServiceSettings
from peerline_testing.migrations import fresh_database

from .evidence import stream_messages

pytestmark = [pytest.mark.chaos, pytest.mark.integration]

CLIENTS = 50
MESSAGES_EACH = 3  # 150 messages; a client's messages land on either replica
TAKE_OVER_WITHIN_S = 10.0
LEASE_S = 6.0  # the default
CONSULTANTS = tuple(
    Candidate(consultant_id=uuid.uuid4(), alias=f"Peer {n}", role="consultant", languages=("uk",),  # type: ignore[arg-type]
              load=0, capacity=100)
    for n in range(3)
)
directory_router = BusRouter()


@directory_router.rpc(subject=subj.RPC_DIRECTORY_CANDIDATES, request=FindCandidates, reply=CandidatesFound,
                      queue="directory")
async def candidates(query: FindCandidates) -> CandidatesFound:
    return CandidatesFound(candidates=CONSULTANTS, supervisors=(), on_shift_count=len(CONSULTANTS))


@pytest_asyncio.fixture
async def database_url(tmp_path: Path) -> AsyncIterator[str]:
    """A PostgreSQL database of its own (replicas share one database in production)."""
    async with fresh_database("postgresql", tmp_path) as url:
        await asyncio.to_thread(upgrade_to_head, MIGRATIONS, url, VERSION_TABLE)
        yield url


@pytest.fixture
def replicas(own_nats: NatsServer, database_url: str, tmp_path: Path) -> Iterator[list[ServiceProcess]]:
    started = []
    for number in range(2):
        env = {
            **os.environ,
            "PEERLINE_NATS_URL": own_nats.url,
            "PEERLINE_DATABASE_URL": database_url,
            "PEERLINE_NOTIFICATIONS_PORT": str(free_port()),
            "PEERLINE_NOTIFICATIONS_LEADER_LEASE_S": str(LEASE_S),
            "PEERLINE_NOTIFICATIONS_NOTICE_BATCH_S": "1",
            "PEERLINE_NOTIFICATIONS_CONSUMER_ACK_WAIT_S": "3",
            "PYTHONUNBUFFERED": "1",
        }
        replica = ServiceProcess("notifications", env, tmp_path / f"notifications-{number}.log", None)
        replica.start()
        started.append(replica)
    try:
        for replica in started:
            _wait_healthy(replica)
        yield started
    finally:
        for replica in started:
            if replica.process is not None and replica.process.poll() is None:
                replica.stop()


@pytest_asyncio.fixture
async def bus(own_nats: NatsServer, replicas: list[ServiceProcess]) -> AsyncIterator[NatsBus]:
    settings = BaseServiceSettings(nats_url=own_nats.url)
    broker = create_bus(settings, client_name="chaos-replicas")
    broker.include_router(directory_router)
    await broker.connect()
    await provision_streams(broker.jetstream(), settings)
    await broker.start()
    yield broker
    await broker.stop()


def _wait_healthy(replica: ServiceProcess, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    port = replica.env["PEERLINE_NOTIFICATIONS_PORT"]
    while time.monotonic() < deadline:
        alive = replica.process is not None and replica.process.poll() is None
        assert alive, replica.log_path.read_text()[-2000:]
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"notifications replica not healthy: {replica.log_path}")


def _message(client: int, number: int) -> MessageTriaged:
    return MessageTriaged(
        message_event_id=uuid.uuid4(),
        received_at=utc_now(),
        client_id=client_pseudonym(b"chaos-replicas", "web", f"client-{client}"),
        channel="web",
        text=f"message {number}",
        urgency="normal",
        message_urgency="normal",
        topics=("other",),
        lang="uk",
        confidence=0.9,  # type: ignore[arg-type]
    )


async def _holder_pid(bus: NatsBus) -> int | None:
    try:
        entry = await (await bus.jetstream().key_value(subj.LEASE_BUCKET)).get(LEASE_KEY)
    except Exception:
        return None
    return int(entry.value.decode().rsplit("-", 2)[-2]) if entry.value else None


async def _until(condition: Callable[[], Awaitable[bool]], within_s: float) -> bool:
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        if await condition():
            return True
        await asyncio.sleep(0.2)
    return False


async def test_the_leader_dies_mid_stream_and_the_other_replica_carries_on(
    bus: NatsBus, replicas: list[ServiceProcess], database_url: str, own_nats: NatsServer
) -> None:
    nats_url = own_nats.url
    engine = create_engine(database_url)
    sessions = session_factory(engine)

    async def count(table: type[Message] | type[PendingNotice] | type[OutboxEvent]) -> int:
        async with sessions() as session:
            return int((await session.execute(select(func.count()).select_from(table))).scalar_one())

    async def holder_in(pids: set[int]) -> bool:
        return await _holder_pid(bus) in pids

    async def settled() -> bool:
        return (await count(Message), await count(PendingNotice), await count(OutboxEvent)) == (
            len(messages), 0, 0)

    async def stored_at_least(wanted: int) -> bool:
        return await count(Message) >= wanted

    messages = [_message(client, n) for n in range(MESSAGES_EACH) for client in range(CLIENTS)]
    pids = {replica.process.pid: replica for replica in replicas if replica.process is not None}
    assert await _until(lambda: holder_in(set(pids)), within_s=LEASE_S * 3)
    leader_pid = await _holder_pid(bus)
    assert leader_pid is not None

    half = len(messages) // 3
    for event in messages[:half]:
        await publish_event(bus, event, subj.TRIAGED)
    await _until(lambda: stored_at_least(half // 2), within_s=20)
    os.kill(leader_pid, signal.SIGKILL)
    killed_at = time.monotonic()
    for event in messages[half:]:
        await publish_event(bus, event, subj.TRIAGED)

    survivor_pid = next(pid for pid in pids if pid != leader_pid)
    took_over = await _until(lambda: holder_in({survivor_pid}), within_s=TAKE_OVER_WITHIN_S)
    taken_after = time.monotonic() - killed_at
    assert took_over, "the surviving replica did not take the lease over"

    async def said_so() -> bool:  # its log line may come a moment after the lease is written
        return _logged(pids[survivor_pid].log_path, "lease.elected")

    assert await _until(said_so, within_s=5), "the new leader did not log its election"

    assert await _until(settled, within_s=40), "messages, notices or outbox rows still pending"
    async with sessions() as session:
        stored = set((await session.execute(select(Message.id))).scalars())
        per_client = Counter((await session.execute(select(Conversation.client_id))).scalars())
        _, problems = await verify_stored_chain(session)
    await engine.dispose()

    assert stored == {event.message_event_id for event in messages}, "a message was lost"
    assert len(per_client) == CLIENTS and set(per_client.values()) == {1}, "a conversation opened twice"
    assert problems == [], problems[:3]
    published = await _published(nats_url)
    assert set(published["conversation.queued"].values()) == {1}
    assert len(published["conversation.queued"]) == CLIENTS
    assert set(published["conversation.offered"].values()) == {1}, "offered again within the SLA limit"
    print(f"\nnotifications replicas: leader killed, the other held the lease {taken_after:.1f} s later")


async def _published(nats_url: str) -> dict[str, Counter[str]]:
    """Per event type, how many distinct events each conversation has on the stream."""
    seen: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for stored in await stream_messages(nats_url):
        if stored.subject.startswith("helpline.conversation."):
            body = orjson.loads(stored.data)
            seen[body["type"]][body["conversation_id"]].add(body["event_id"])
    return {kind: Counter({c: len(ids) for c, ids in by.items()}) for kind, by in seen.items()}


def _logged(log_path: Path, event: str) -> bool:
    return any(
        orjson.loads(line).get("event") == event
        for line in log_path.read_bytes().splitlines()
        if line.startswith(b"{")
    )
