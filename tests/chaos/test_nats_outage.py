"""While NATS is down the gateway accepts nothing it cannot keep: it answers `try_again`
(never `ack`), says so in its log and health, and once NATS is back every message the
client re-sends is stored exactly once."""

from __future__ import annotations

import asyncio
import re
import time
from collections import Counter

import httpx
import orjson
import pytest

from peerline_devtools.devstack import DevStack

from .evidence import log_records, query
from .webchat import ResilientChatClient, probe_tag, probe_text

pytestmark = [pytest.mark.chaos, pytest.mark.e2e]

OUTAGE_S = 8.0  # longer than the gateway's publish timeout (5 s), so try_again must show
CLIENTS, MESSAGES = 4, 24
TAG = re.compile(r"outage probe (q[a-z]{5})")


async def _gateway_health(stack: DevStack) -> tuple[int, dict[str, object]]:
    async with httpx.AsyncClient(timeout=3) as http:
        response = await http.get(f"{stack.url('gateway')}/healthz")
    return response.status_code, response.json()


def _gateway_log_events(stack: DevStack, event: str) -> list[dict[str, object]]:
    records = (orjson.loads(line) for line in log_records(stack.var_dir / "logs") if line.startswith(b"{"))
    return [r for r in records if r.get("event") == event and r.get("service") == "gateway"]


async def test_gateway_says_try_again_while_nats_is_down_and_loses_nothing(chaos_stack: DevStack) -> None:
    stack = chaos_stack
    assert stack.nats is not None
    failures_before = len(_gateway_log_events(stack, "chat.publish_failed"))
    clients = [ResilientChatClient(stack.url("gateway")) for _ in range(CLIENTS)]
    runners = [asyncio.create_task(client.run()) for client in clients]
    await asyncio.sleep(1.0)

    stack.nats.kill()
    down_at = time.monotonic()
    for index in range(MESSAGES):
        await clients[index % CLIENTS].say(probe_text(index, "outage"))
        await asyncio.sleep(OUTAGE_S / MESSAGES / 2)
    status, health = await _gateway_health(stack)
    await asyncio.sleep(max(0.0, OUTAGE_S - (time.monotonic() - down_at)))
    acked_while_down = sum(len(client.acked) for client in clients)
    stack.nats.start()

    for client in clients:
        client.finish()
    await asyncio.wait_for(asyncio.gather(*runners), timeout=60)
    assert (status, health.get("nats")) == (503, "down"), "gateway health must show NATS is down"
    assert acked_while_down == 0, "nothing may be acked while it cannot be stored"
    errors = sum((client.errors for client in clients), Counter())
    assert errors["try_again"] > 0, errors
    assert len(_gateway_log_events(stack, "chat.publish_failed")) > failures_before

    database = stack.var_dir / "db" / "notifications.sqlite"
    deadline, seen = time.monotonic() + 30, Counter[str]()
    while time.monotonic() < deadline:
        rows = query(database, "SELECT text FROM notifications_message WHERE author = 'client'")
        seen = Counter(m.group(1) for (text,) in rows if (m := TAG.search(str(text or ""))))
        if len(seen) >= MESSAGES:
            break
        await asyncio.sleep(0.5)
    await asyncio.sleep(1.0)
    rows = query(database, "SELECT text FROM notifications_message WHERE author = 'client'")
    seen = Counter(m.group(1) for (text,) in rows if (m := TAG.search(str(text or ""))))
    assert set(seen) == {probe_tag(index) for index in range(MESSAGES)}
    assert max(seen.values()) == 1, "a re-sent message must not show twice"


def test_the_outage_shows_in_the_gateway_metrics(chaos_stack: DevStack) -> None:
    """Runs after the outage above (same system): its failed publishes must be counted."""
    metrics = httpx.get(f"{chaos_stack.url('gateway')}/metrics", timeout=5).text
    counted = re.findall(
        r"^peerline_\w*publish\w*fail\w*_total(?:\{[^}]*\})? (\d+(?:\.\d+)?)$", metrics, re.M
    )
    assert any(float(value) > 0 for value in counted), "no failed-publish counter above zero"
