"""The NATS server list and the cut-off watchdog (the failover itself: tests/chaos)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import pytest

from peerline_shared.bus.connection import (
    ConnectionEvents,
    Credentials,
    NatsUrlError,
    nats_servers,
    watch_connection,
)


def test_credentials_leave_the_urls_and_serve_every_server() -> None:
    servers = nats_servers("nats://peer:p%40ss@nats-1:4222, nats://peer:p%40ss@nats-2:4222")
    assert servers.urls == ["nats://nats-1:4222", "nats://nats-2:4222"]
    assert servers.credentials == Credentials("peer", "p@ss")
    assert servers.connect_options() == {"servers": servers.urls, "user": "peer", "password": "p@ss",
                                         "inbox_prefix": "_INBOX_peer"}


def test_a_token_and_no_credentials() -> None:
    token = nats_servers("nats://s3cret@127.0.0.1:4222")
    assert token.urls == ["nats://127.0.0.1:4222"] and token.credentials == Credentials("s3cret")
    assert token.connect_options()["token"] == "s3cret"
    plain = nats_servers("nats://127.0.0.1:4222")
    assert plain.urls == ["nats://127.0.0.1:4222"]
    assert plain.connect_options() == {"servers": plain.urls, "inbox_prefix": "_INBOX"}


@pytest.mark.parametrize("url", ["", " , ", "nats://a:1@x:4222,nats://b:2@y:4222", "nats://a:1@x:4222,nats://y:4222"])
def test_unusable_server_lists_are_refused(url: str) -> None:
    with pytest.raises(NatsUrlError):
        nats_servers(url)


async def test_errors_raise_only_before_the_first_connection() -> None:
    events = ConnectionEvents(lambda: None)
    refused = Exception("nats: 'Authorization Violation'")
    with pytest.raises(Exception, match="Authorization"):
        await events.on_error(refused)
    events.connected_once = True
    await events.on_error(refused)  # reconnecting: logged, and nats-py carries on trying


@dataclass
class FakeClient:
    is_connected: bool = True
    is_closed: bool = False


async def test_the_watchdog_ends_the_service_after_the_cut_off_only() -> None:
    client = FakeClient()
    ended = asyncio.Event()

    async def end() -> None:
        ended.set()

    watch = asyncio.create_task(
        watch_connection(lambda: client, cut_off_after_s=1.0, on_cut_off=end, interval_s=0.02)  # type: ignore[arg-type, return-value]
    )
    client.is_connected = False
    await asyncio.sleep(0.3)
    client.is_connected = True  # back in time: the clock starts again
    await asyncio.sleep(0.2)
    client.is_connected = False
    await asyncio.sleep(0.3)
    assert not ended.is_set()
    await asyncio.wait_for(watch, 3.0)
    assert ended.is_set()


async def test_a_closed_connection_ends_the_service_at_once() -> None:
    client = FakeClient(is_connected=False, is_closed=True)
    ended = asyncio.Event()

    async def end() -> None:
        ended.set()

    await asyncio.wait_for(
        watch_connection(lambda: client, cut_off_after_s=60, on_cut_off=end, interval_s=0.02),  # type: ignore[arg-type, return-value]
        1.0,
    )
    assert ended.is_set()


def test_the_bus_carries_our_callbacks_and_the_credentials_once() -> None:
    from peerline_shared.bus import create_bus
    from peerline_shared.settings import BaseServiceSettings

    broker = create_bus(
        BaseServiceSettings(nats_url="nats://peer:secret@nats-1:4222,nats://peer:secret@nats-2:4222"),
        client_name="test",
    )
    options = broker.connect_options()
    assert options["error_cb"] == broker.connection_events.on_error
    assert options["reconnected_cb"] == broker.connection_events.on_reconnected
    assert options["servers"] == ["nats://nats-1:4222", "nats://nats-2:4222"]
    assert (options["user"], options["password"]) == ("peer", "secret")


def test_a_service_user_gets_replies_on_its_own_inbox_prefix() -> None:
    from peerline_shared.bus import create_bus
    from peerline_shared.settings import BaseServiceSettings

    named = create_bus(BaseServiceSettings(nats_url="nats://triage:pw@127.0.0.1:4222"), client_name="t")
    assert named.connect_options()["inbox_prefix"] == "_INBOX_triage"
    anonymous = create_bus(BaseServiceSettings(nats_url="nats://127.0.0.1:4222"), client_name="t")
    assert anonymous.connect_options()["inbox_prefix"] == "_INBOX"
