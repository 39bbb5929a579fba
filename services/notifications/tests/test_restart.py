"""Kill -9 the notifications process in the middle of a flow, start it again: nothing is lost
and nothing is duplicated (inbox for consumed events, outbox + Nats-Msg-Id for published ones)."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from peerline_devtools.localservers import NatsServer, free_port
from peerline_notifications.audit.verify import verify_stored_chain
from peerline_notifications.cli import MIGRATIONS, VERSION_TABLE
from peerline_shared.bus import BusRouter, create_bus, provision_streams, publish_event
from peerline_shared.db import create_engine, session_factory
from peerline_shared.events import CandidatesFound, FindCandidates
from peerline_shared.events import subjects as subj
from peerline_shared.migrations import upgrade_to_head
from peerline_shared.settings import BaseServiceSettings

from .conftest import consultant, triaged

MESSAGES = 200
BATCH = 8
"""Small batches, so that the kill lands between two committed batches, not after the last."""
pytestmark = [pytest.mark.integration]


def _start(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "peerline_notifications"], env=env, stdout=out, stderr=subprocess.STDOUT
        )


def _wait_healthy(port: int, process: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "the service exited"
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=0.5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise AssertionError("not healthy")


def _count(db: Path, sql: str) -> int:
    with sqlite3.connect(db, timeout=10) as connection:
        return int(connection.execute(sql).fetchone()[0])


async def _wait_until(check) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + 30.0
    while not check():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


async def test_kill_mid_flow_then_restart_loses_and_duplicates_nothing(
    own_nats: NatsServer, tmp_path: Path
) -> None:
    db = tmp_path / "notifications.sqlite"
    url = f"sqlite+aiosqlite:///{db}"
    await asyncio.to_thread(upgrade_to_head, MIGRATIONS, url, VERSION_TABLE)
    port = free_port()
    env = {
        **os.environ,
        "PEERLINE_NATS_URL": own_nats.url,
        "PEERLINE_DATABASE_URL": url,
        "PEERLINE_NOTIFICATIONS_PORT": str(port),
        "PEERLINE_NOTIFICATIONS_ROUTE_RETRY_S": "1",
        "PEERLINE_NOTIFICATIONS_SLA_TICK_S": "0.2",
        "PEERLINE_NOTIFICATIONS_CONSUMER_ACK_WAIT_S": "2",
        "PEERLINE_NOTIFICATIONS_TRIAGED_BATCH_MAX": str(BATCH),
        "PEERLINE_LOG_LEVEL": "WARNING",
    }
    broker = create_bus(BaseServiceSettings(nats_url=own_nats.url), client_name="pytest-restart")

    router = BusRouter()
    broker.include_router(router)

    @router.rpc(subject=subj.RPC_DIRECTORY_CANDIDATES, request=FindCandidates, reply=CandidatesFound,
                queue="directory")
    async def directory(query: FindCandidates) -> CandidatesFound:
        return CandidatesFound(candidates=(consultant("Olena"),), on_shift_count=1)

    await broker.start()
    await provision_streams(broker.jetstream(), BaseServiceSettings(nats_url=own_nats.url))
    first = _start(env, tmp_path / "first.log")
    try:
        await asyncio.to_thread(_wait_healthy, port, first)
        for index in range(MESSAGES):
            event = triaged(f"message {index}", client=f"client-{index}")
            await publish_event(broker, event, subj.TRIAGED)
        await _wait_until(lambda: _count(db, "SELECT count(*) FROM notifications_conversation") >= 5)
        first.send_signal(signal.SIGKILL)
        first.wait()
        done_before_kill = _count(db, "SELECT count(*) FROM notifications_conversation")
        second = _start(env, tmp_path / "second.log")
        try:
            await asyncio.to_thread(_wait_healthy, port, second)
            await _wait_until(
                lambda: (
                    _count(db, "SELECT count(*) FROM notifications_conversation WHERE state = 'offered'")
                    == MESSAGES
                )
            )
            await _wait_until(lambda: _count(db, "SELECT count(*) FROM notifications_outbox") == 0)
        finally:
            second.terminate()
            second.wait(10)
    finally:
        if first.poll() is None:
            first.kill()
        await broker.stop()

    assert done_before_kill < MESSAGES, "the kill came too late to test anything"
    assert _count(db, "SELECT count(*) FROM notifications_conversation") == MESSAGES
    assert _count(db, "SELECT count(*) FROM notifications_message") == MESSAGES
    assert _count(db, "SELECT count(*) FROM notifications_audit WHERE action = 'queued'") == MESSAGES
    assert _count(db, "SELECT count(*) FROM notifications_audit WHERE action = 'offered'") == MESSAGES
    assert await _published_count(own_nats, "helpline.conversation.queued") == MESSAGES
    assert await _published_count(own_nats, "helpline.conversation.offered") == MESSAGES
    engine = create_engine(url)
    async with session_factory(engine)() as session:
        count, problems = await verify_stored_chain(session)
    await engine.dispose()
    assert problems == [] and count == 2 * MESSAGES


async def _published_count(server: NatsServer, subject: str) -> int:
    broker = create_bus(BaseServiceSettings(nats_url=server.url), client_name="pytest-count")
    await broker.connect()
    try:
        info = await broker.jetstream().stream_info(subj.STREAM_EVENTS, subjects_filter=subject)
        return int((info.state.subjects or {}).get(subject, 0))
    finally:
        await broker.stop()
