"""Zero loss under faults: a stream of web-chat messages while every process is killed in turn.

Each service is killed with SIGKILL and restarted, then nats-server, then redis-server (and
round again while messages still flow, in the large size). At the end every message is in the
consultants' queue exactly once, every client still has one conversation, nothing is parked,
no consumer is stuck, and the audit chain verifies.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from peerline_devtools.devstack import DevStack

from .evidence import audit_chain_problems, consumer_states, query, stream_counts
from .faults import every_fault
from .webchat import ResilientChatClient, probe_tag, probe_text

pytestmark = [pytest.mark.chaos, pytest.mark.e2e, pytest.mark.timeout(1800)]

FAULT_GAP_S = 1.0
TAG = re.compile(r"chaos probe (q[a-z]{5})")


def _rate_per_second(size: int) -> float:
    return max(10.0, size / 150)


def _client_count(size: int) -> int:
    return max(10, min(200, size // 15))


async def _send_traffic(clients: list[ResilientChatClient], size: int, owner: dict[str, int]) -> None:
    gap = 1.0 / _rate_per_second(size)
    started = time.monotonic()
    for index in range(size):
        which = index % len(clients)
        owner[probe_tag(index)] = which
        await clients[which].say(probe_text(index))
        await asyncio.sleep(max(0.0, started + (index + 1) * gap - time.monotonic()))


async def _inject_until_done(stack: DevStack, traffic: asyncio.Task[None]) -> list[str]:
    """Every fault once; then round again while the traffic lasts."""
    injected: list[str] = []
    faults = every_fault()
    while len(injected) < len(faults) or not traffic.done():
        fault = faults[len(injected) % len(faults)]
        await asyncio.sleep(FAULT_GAP_S)
        await asyncio.to_thread(fault.inject, stack)
        injected.append(fault.name)
    return injected


def _probe_rows(database: Path) -> list[tuple[str, str]]:
    """(tag, conversation) of this test's client messages in the queue. Only its own: the stack
    is shared with the outage test, whose messages are in the same table."""
    rows = query(database, "SELECT text, conversation_id FROM notifications_message WHERE author = 'client'")
    return [(match.group(1), str(conversation)) for text, conversation in rows
            if (match := TAG.search(str(text or "")))]


async def _wait_for_queue(database: Path, expected: set[str], within_s: float) -> list[tuple[str, str]]:
    """Until every expected tag is in the queue. A message caught in a kill -9 comes back after
    the consumer's ack wait (30 s), so the wait must outlast several of those."""
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        if expected <= {tag for tag, _ in _probe_rows(database)}:
            break
        await asyncio.sleep(0.5)
    await asyncio.sleep(1.0)  # anything late would be a duplicate: give it a moment to show
    return _probe_rows(database)


async def _wait_until_consumers_idle(nats_url: str, within_s: float) -> list[str]:
    deadline = time.monotonic() + within_s
    while True:
        busy = [
            f"{c.stream}/{c.name}: pending={c.pending} ack_pending={c.ack_pending}"
            for c in await consumer_states(nats_url)
            if c.pending or c.ack_pending
        ]
        if not busy or time.monotonic() > deadline:
            return busy
        await asyncio.sleep(0.5)


async def test_every_message_reaches_the_queue_exactly_once_through_kills_and_restarts(
    chaos_stack: DevStack, chaos_size: int
) -> None:
    stack, started = chaos_stack, time.monotonic()
    clients = [ResilientChatClient(stack.url("gateway")) for _ in range(_client_count(chaos_size))]
    runners = [asyncio.create_task(client.run()) for client in clients]
    owner: dict[str, int] = {}
    traffic = asyncio.create_task(_send_traffic(clients, chaos_size, owner))
    injected = await _inject_until_done(stack, traffic)
    await traffic
    for client in clients:
        client.finish()
    await asyncio.wait_for(asyncio.gather(*runners), timeout=120)
    acked = sum(len(client.acked) for client in clients)
    assert acked == chaos_size, f"only {acked} of {chaos_size} messages were acked"

    database = stack.var_dir / "db" / "notifications.sqlite"
    rows = await _wait_for_queue(database, set(owner), within_s=120 + chaos_size / 10)
    seen = Counter(tag for tag, _ in rows)
    missing = sorted(set(owner) - set(seen))
    duplicated = {tag: count for tag, count in seen.items() if count > 1}
    parked = (await stream_counts(stack.nats.url)).get("HELPLINE_PARKED", 0)  # type: ignore[union-attr]
    assert not missing, (
        f"{len(missing)} messages never reached the queue, e.g. {missing[:5]}; parked: {parked}; "
        f"consumers: {await _wait_until_consumers_idle(stack.nats.url, within_s=0)}"  # type: ignore[union-attr]
    )
    assert not duplicated, f"{len(duplicated)} messages appear more than once: {list(duplicated.items())[:5]}"

    conversations: dict[int, set[str]] = defaultdict(set)
    for tag, conversation in rows:
        conversations[owner[tag]].add(conversation)
    split = {client: ids for client, ids in conversations.items() if len(ids) != 1}
    assert not split, f"clients whose messages ended in more than one conversation: {split}"

    assert parked == 0
    busy = await _wait_until_consumers_idle(stack.nats.url, within_s=30)  # type: ignore[union-attr]
    assert not busy, f"consumers still holding messages: {busy}"
    assert await audit_chain_problems(database) == []

    errors = sum((client.errors for client in clients), Counter())
    print(
        f"\nchaos: {chaos_size} messages from {len(clients)} clients, {len(injected)} faults "
        f"({', '.join(dict.fromkeys(injected))}); all in the queue exactly once; "
        f"{sum(c.connections for c in clients)} connections, client-side errors {dict(errors)}; "
        f"{time.monotonic() - started:.0f} s"
    )
