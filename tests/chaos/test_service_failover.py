"""Every service survives the death of the NATS node it is connected to.

The whole system as processes on a real three-node cluster (the production configuration,
streams at three replicas), Telegram on the Bot API emulator. Until every service has lost
its node once: the node that serves the most services is killed; each of them must be on
another node within 5 s, and the system must still carry a web chat message and a Telegram
message to the console and the replies back (publishing, consuming, requests between
services) and answer a directory request; then the node comes back.

Then a service cut off from every node for longer than `nats_max_disconnected_seconds`
must exit non-zero (code 3), so that a supervisor restarts it; started again while NATS is
still away, it must not wait for ever either.
"""

from __future__ import annotations

import asyncio
import random
import string
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from peerline_devtools.devstack import DEFAULT_PORTS, SERVICES, DevStack
from peerline_devtools.localservers import free_port_map
from peerline_shared.bus import create_bus, request
from peerline_shared.events import ListOnShift, OnShiftListed
from peerline_shared.events import subjects as subj
from peerline_shared.runtime import CUT_OFF_EXIT_CODE
from peerline_shared.settings import BaseServiceSettings
from peerline_testing.botapi import BotApiEmulator

from ..e2e.support import Console
from .cluster import PASSWORDS, ClusterNode, client_names, cluster_url, provision, wait_until_current
from .conftest import CHAOS_ENV
from .webchat import ResilientChatClient

pytestmark = [pytest.mark.chaos, pytest.mark.e2e]

RECONNECT_WITHIN_S = 5.0
PROBE_WITHIN_S = 30.0
REPLY = "Ми поруч. Напишіть, будь ласка, де ви зараз."


@pytest_asyncio.fixture
async def system(
    cluster: list[ClusterNode], tmp_path: Path
) -> AsyncIterator[tuple[DevStack, BotApiEmulator]]:
    settings = BaseServiceSettings(nats_url=cluster_url(cluster), stream_replicas=3)
    await provision(settings)
    async with BotApiEmulator() as api:
        stack = DevStack(
            tmp_path / "system",
            free_port_map(DEFAULT_PORTS),
            nats_url=cluster_url(cluster),
            nats_passwords=PASSWORDS,
            extra_env={
                **CHAOS_ENV,
                **api.adapter_env("123:failover-token", polling_timeout_s=1),
                "PEERLINE_STREAM_REPLICAS": "3",
            },
        )
        await asyncio.to_thread(stack.start)
        try:
            yield stack, api
        finally:
            await asyncio.to_thread(stack.stop)


async def test_every_service_moves_to_another_node_and_carries_on(
    system: tuple[DevStack, BotApiEmulator], cluster: list[ClusterNode]
) -> None:
    stack, api = system
    # One console sign-in for the whole test (its session lives in Redis, which stays up): the
    # demo supervisor's second factor gives two fresh codes per 30-second step, and a sign-in
    # in every probe would wait for the next step inside the probe's time limit.
    console = Console(stack.url("gateway"))
    assert (await console.login()).status_code == 303
    try:
        await _fail_over_every_service(stack, api, cluster, console)
    finally:
        await console.close()


async def _fail_over_every_service(
    stack: DevStack, api: BotApiEmulator, cluster: list[ClusterNode], console: Console
) -> None:
    moved: set[str] = set()
    for round_number in range(len(cluster)):
        where = await _where_services_are(cluster)
        victim = max(cluster, key=lambda node: sum(1 for s in set(SERVICES) - moved if where[s] is node))
        on_victim = {service for service in SERVICES if where[service] is victim}
        if not on_victim - moved:
            break
        victim.kill()
        started = time.monotonic()
        survivors = [node for node in cluster if node is not victim]
        reconnected = await _wait_until_on(on_victim, survivors)
        took_s = time.monotonic() - started
        assert reconnected == on_victim, (
            f"round {round_number}: {sorted(on_victim - reconnected)} not on another node "
            f"within {RECONNECT_WITHIN_S} s of {victim.server_name} dying; logs in {stack.var_dir / 'logs'}"
        )
        await _probe(stack, api, survivors, console)
        print(f"{victim.server_name} killed: {sorted(on_victim)} on other nodes within {took_s:.2f} s; "
              f"probes done {time.monotonic() - started:.1f} s after the kill")
        moved |= on_victim
        if moved == set(SERVICES):
            break
        # Another node dies next: this one must be back and current first.
        await asyncio.to_thread(victim.start)
        await asyncio.to_thread(wait_until_current, victim)
    assert moved == set(SERVICES), f"never moved: {sorted(set(SERVICES) - moved)}"
    for service in SERVICES:
        process = stack.services[service].process
        assert process is not None and process.poll() is None, f"{service} exited"


async def _where_services_are(nodes: list[ClusterNode]) -> dict[str, ClusterNode]:
    """Each service's node, by its client name (`peerline-<service>`) on the nodes' /connz."""
    where: dict[str, ClusterNode] = {}
    for node in nodes:
        for name in await asyncio.to_thread(client_names, node):
            if name.removeprefix("peerline-") in SERVICES:
                where[name.removeprefix("peerline-")] = node
    assert set(where) == set(SERVICES), f"not connected: {sorted(set(SERVICES) - set(where))}"
    return where


async def _wait_until_on(services: set[str], nodes: list[ClusterNode]) -> set[str]:
    deadline = time.monotonic() + RECONNECT_WITHIN_S
    seen: set[str] = set()
    while time.monotonic() < deadline:
        seen = set()
        for node in nodes:
            names = await asyncio.to_thread(client_names, node)
            seen |= {name.removeprefix("peerline-") for name in names} & services
        if seen == services:
            break
        await asyncio.sleep(0.1)
    return seen


async def _probe(stack: DevStack, api: BotApiEmulator, nodes: list[ClusterNode], console: Console) -> None:
    """Both channels to the console and back, and a directory request (through `nodes`)."""
    await asyncio.wait_for(
        asyncio.gather(
            _web_round_trip(stack, console), _telegram_round_trip(stack, api, console), _ask_directory(nodes)
        ),
        PROBE_WITHIN_S,
    )


async def _web_round_trip(stack: DevStack, console: Console) -> None:
    """As the chat page does: a message the gateway could not store yet (`try_again`, while a
    new stream leader is elected) is sent again until acked."""
    tag = _tag()
    chat = ResilientChatClient(stack.url("gateway"))
    runner = asyncio.create_task(chat.run())
    try:
        await chat.say(f"потрібні чисті шприци {tag}")
        await _claim_and_reply(console, tag)
        for _ in range(int(PROBE_WITHIN_S * 10)):
            if any(frame.get("text") == REPLY for frame in chat.received):
                break
            await asyncio.sleep(0.1)
        else:
            raise AssertionError("the reply did not reach the chat socket")
        assert not chat.refused, chat.refused
    finally:
        chat.finish()
        await asyncio.wait_for(runner, 10)


async def _telegram_round_trip(stack: DevStack, api: BotApiEmulator, console: Console) -> None:
    tag = _tag()
    chat_id = random.randrange(5_550_000_000, 5_559_999_999)
    api.send_text(api.user(chat_id, "Test", None, None, "uk"), f"потрібна допомога з документами {tag}")
    await _claim_and_reply(console, tag)
    await api.wait_for("sendMessage", chat_id=chat_id, within_s=PROBE_WITHIN_S,
                       where=lambda call: REPLY in call.params["text"])


def _tag() -> str:
    """Letters only: the scrubber leaves them alone (digits could look like a phone number)."""
    return "".join(random.choices(string.ascii_lowercase, k=10))


async def _claim_and_reply(console: Console, tag: str) -> None:
    item = await console.wait_for_conversation(lambda item: tag in item["preview"], timeout=PROBE_WITHIN_S)
    claimed = await console.act(item["conversation_id"], "claim")
    assert claimed.status_code == 200, claimed.text
    replied = await console.act(item["conversation_id"], "reply", {"text": REPLY})
    assert replied.status_code == 200, replied.text


async def _ask_directory(nodes: list[ClusterNode]) -> None:
    broker = create_bus(
        BaseServiceSettings(nats_url=cluster_url(nodes, "gateway")), client_name="failover-probe"
    )
    await broker.connect()
    try:
        answer = await request(broker, subj.RPC_DIRECTORY_ON_SHIFT, ListOnShift(), OnShiftListed, timeout=10)
    finally:
        await broker.stop()
    assert isinstance(answer, OnShiftListed)


async def test_a_service_cut_off_from_nats_exits_non_zero(cluster: list[ClusterNode], tmp_path: Path) -> None:
    await provision(BaseServiceSettings(nats_url=cluster_url(cluster), stream_replicas=3))
    stack = DevStack(
        tmp_path / "system",
        free_port_map(DEFAULT_PORTS),
        nats_url=cluster_url(cluster),
        nats_passwords=PASSWORDS,
        extra_env={"PEERLINE_STREAM_REPLICAS": "3", "PEERLINE_NATS_MAX_DISCONNECTED_SECONDS": "2"},
    )
    await asyncio.to_thread(stack.start, ("directory",))
    try:
        process = stack.services["directory"].process
        assert process is not None
        for node in cluster:
            node.kill()
        cut_at = time.monotonic()
        code = await asyncio.to_thread(process.wait, 40)
        took_s = time.monotonic() - cut_at
        log = (stack.var_dir / "logs" / "directory.log").read_text()
        assert code == CUT_OFF_EXIT_CODE, log[-3000:]
        assert '"nats.cut_off"' in log and '"nats.disconnected"' in log
        assert took_s >= 2.0, "it must wait out the configured time first"
        print(f"cut off: exited {code} after {took_s:.1f} s (limit 2 s)")

        stack.start_service("directory")  # restarted by its supervisor, NATS still gone
        restarted = stack.services["directory"].process
        assert restarted is not None
        code = await asyncio.to_thread(restarted.wait, 60)
    finally:
        await asyncio.to_thread(stack.stop)
    log = (stack.var_dir / "logs" / "directory.log").read_text()
    assert code == CUT_OFF_EXIT_CODE, log[-3000:]
    assert '"at_start":true' in log, "a start that finds no NATS in time must fail too"
