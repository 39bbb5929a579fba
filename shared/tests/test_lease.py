"""The leader lease against a real nats-server: one holder, take-over, stale renewals refused."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from pathlib import Path

import nats
import pytest
import pytest_asyncio
from nats.aio.client import Client

from peerline_devtools.localservers import NatsServer, free_port
from peerline_shared.bus.connection import nats_servers
from peerline_shared.bus.lease import Lease, lead
from peerline_shared.nats_identities import IDENTITIES, new_password

pytestmark = pytest.mark.integration
TTL_S = 1.5


@pytest_asyncio.fixture
async def connect(nats_server: NatsServer) -> AsyncIterator[Callable[[], Awaitable[Client]]]:
    """Each call is a separate process's connection (closed at the end if still open)."""
    clients: list[Client] = []

    async def new() -> Client:
        clients.append(await nats.connect(nats_server.url))
        return clients[-1]

    yield new
    for client in clients:
        if client.is_connected:
            await client.close()


async def _lease(connect: Callable[[], Awaitable[Client]], key: str, holder: str) -> Lease:
    client = await connect()
    return await Lease.open(client.jetstream(), key=key, ttl_s=TTL_S, bucket="test-leases", holder=holder)


async def _until(condition: Callable[[], bool], within_s: float) -> bool:
    for _ in range(int(within_s / 0.05)):
        if condition():
            return True
        await asyncio.sleep(0.05)
    return condition()


def _recorder(ran: list[str], name: str) -> Callable[[], Mapping[str, Awaitable[None]]]:
    async def loop() -> None:
        while True:
            ran.append(name)
            await asyncio.sleep(0.05)

    return lambda: {"loop": loop()}


async def test_exactly_one_of_many_contenders_holds_the_key(connect: Callable[[], Awaitable[Client]]) -> None:
    key = f"k{uuid.uuid4().hex}"
    leases = [await _lease(connect, key, f"replica-{n}") for n in range(5)]
    won = await asyncio.gather(*(lease.acquire() for lease in leases))
    assert sum(won) == 1
    winner = leases[won.index(True)]
    assert (await winner.kv.get(key)).value == winner.holder.encode()
    assert await winner.renew()
    assert [lease.held() for lease in leases].count(True) == 1


async def test_a_stale_renewal_is_refused_once_another_holds_the_key(
    connect: Callable[[], Awaitable[Client]],
) -> None:
    key = f"k{uuid.uuid4().hex}"
    first, second = await _lease(connect, key, "first"), await _lease(connect, key, "second")
    assert await first.acquire()
    assert not await second.acquire()
    # The first holder stalls past the TTL: its key expires and the second takes it.
    assert await _until_async(second.acquire, within_s=TTL_S * 4)
    assert not await first.renew()
    assert not first.held()
    assert await second.renew()
    assert (await second.kv.get(key)).value == b"second"


async def _until_async(attempt: Callable[[], Awaitable[bool]], within_s: float) -> bool:
    for _ in range(int(within_s / 0.1)):
        if await attempt():
            return True
        await asyncio.sleep(0.1)
    return False


async def test_another_replica_takes_over_the_loops_when_the_holder_dies(
    connect: Callable[[], Awaitable[Client]],
) -> None:
    key = f"k{uuid.uuid4().hex}"
    ran: list[str] = []
    first, second = await _lease(connect, key, "first"), await _lease(connect, key, "second")
    leading_first = asyncio.ensure_future(lead(first, _recorder(ran, "first")))
    assert await _until(lambda: "first" in ran, within_s=TTL_S * 2)
    leading_second = asyncio.ensure_future(lead(second, _recorder(ran, "second")))
    await asyncio.sleep(TTL_S)
    assert "second" not in ran  # one leader while the first renews
    # The first process dies: its connection goes without a word, so its key only expires.
    await first.kv._js._nc.close()
    assert await _until(lambda: "second" in ran, within_s=TTL_S * 4)
    await asyncio.sleep(0.2)
    tail = ran[-3:]
    assert tail == ["second"] * len(tail)
    for task in (leading_first, leading_second):
        task.cancel()
    await asyncio.gather(leading_first, leading_second, return_exceptions=True)


async def test_an_orderly_stop_hands_the_key_over_at_once(connect: Callable[[], Awaitable[Client]]) -> None:
    key = f"k{uuid.uuid4().hex}"
    ran: list[str] = []
    first, second = await _lease(connect, key, "first"), await _lease(connect, key, "second")
    leading = asyncio.ensure_future(lead(first, _recorder(ran, "first")))
    assert await _until(lambda: bool(ran), within_s=TTL_S * 2)
    leading.cancel()
    await asyncio.gather(leading, return_exceptions=True)
    stopped = len(ran)
    await asyncio.sleep(0.2)
    assert len(ran) == stopped  # its loops stopped with it
    assert await second.acquire()  # deleted, not left to expire


async def test_the_notifications_identity_may_hold_the_lease(tmp_path: Path) -> None:
    """With the generated permissions (the production table): create the bucket, take,
    renew, release and take again (after a delete marker) as the `notifications` user."""
    passwords = {each.name: new_password() for each in IDENTITIES}
    server = NatsServer(port=free_port(), data_dir=tmp_path / "nats", passwords=passwords)
    server.start()
    try:
        servers = nats_servers(server.url_for("notifications"))
        client = await nats.connect(**servers.connect_options())
        try:
            lease = await Lease.open(client.jetstream(), key="notifications", ttl_s=TTL_S)
            assert await lease.acquire() and await lease.renew()
            await lease.release()
            assert await lease.acquire()
        finally:
            await client.close()
        other = await nats.connect(**nats_servers(server.url_for("triage")).connect_options())
        try:
            with pytest.raises(Exception):  # noqa: B017 (a timeout or a permissions error)
                await Lease.open(other.jetstream(timeout=1), key="notifications", ttl_s=TTL_S)
        finally:
            await other.close()
    finally:
        server.stop()


async def test_a_holder_cut_off_from_nats_stops_its_loops(own_nats: NatsServer) -> None:
    """It cannot renew: after half the lease it stops leading, before the key can expire and
    another replica take it."""
    client = await nats.connect(own_nats.url, max_reconnect_attempts=-1, reconnect_time_wait=0.2)
    ran: list[str] = []
    lease = await Lease.open(client.jetstream(), key="cut-off", ttl_s=TTL_S, bucket="test-leases")
    leading = asyncio.ensure_future(lead(lease, _recorder(ran, "holder")))
    try:
        assert await _until(lambda: bool(ran), within_s=TTL_S * 2)
        own_nats.stop()
        assert await _until(lambda: not lease.held(), within_s=TTL_S * 2)
        await asyncio.sleep(0.3)
        stopped = len(ran)
        await asyncio.sleep(0.5)
        assert len(ran) == stopped, "its loops still run without the lease"
    finally:
        leading.cancel()
        await asyncio.gather(leading, return_exceptions=True)
        with contextlib.suppress(ConnectionError, nats.errors.Error):
            await client.close()  # its server is gone
