"""Per-service NATS identities: a real nats-server with the generated permissions, each
service's user doing what its code does, and what lies outside its permissions refused.

The reproduction of issue 18's first finding: a process holding the Telegram adapter's
credentials sent a forged `command.reply_to_client` to notifications. Now the server refuses
the publish (and logs it), and notifications never sees the request."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import nats
import nats.errors
import pytest
import pytest_asyncio
from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.js.api import AckPolicy, ConsumerConfig

from peerline_devtools.localservers import NatsServer, free_port
from peerline_shared.bus.lease import Lease
from peerline_shared.events import subjects as subj
from peerline_shared.nats_identities import (
    ADMIN,
    IDENTITIES,
    SERVICE_IDENTITIES,
    Identity,
    identity,
    matches,
    new_password,
    production_conf,
)

ROOT = Path(__file__).resolve().parents[2]
REFUSED_WITHIN_S = 10.0
JS_TIMEOUT_S = 1.0


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NatsServer]:
    passwords = {each.name: new_password() for each in IDENTITIES}
    node = NatsServer(port=free_port(), data_dir=tmp_path_factory.mktemp("nats"), passwords=passwords)
    node.start()
    yield node
    node.stop()


class Session:
    """One client logged in as an identity, with the errors the server sent it."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.errors: list[str] = []
        self.client: Client | None = None

    async def connect(self, server: NatsServer) -> Client:
        async def on_error(error: Exception) -> None:
            self.errors.append(str(error))

        self.client = await nats.connect(
            server.url_for(self.name), inbox_prefix=identity(self.name).inbox_prefix,
            error_cb=on_error, allow_reconnect=False, name=f"pytest-{self.name}",
        )
        return self.client

    async def refused(self, subject: str) -> str:
        """The server's permissions error about `subject` (waits for it to arrive)."""
        deadline = time.monotonic() + REFUSED_WITHIN_S
        while time.monotonic() < deadline:
            for error in self.errors:
                if "permissions violation" in error.lower() and f'"{subject.lower()}"' in error.lower():
                    return error
            await asyncio.sleep(0.02)
        raise AssertionError(f"{self.name}: no permissions error for {subject!r}; errors: {self.errors}")

    def assert_no_error(self) -> None:
        assert self.errors == [], f"{self.name} was refused: {self.errors}"


Connect = Callable[[str], Awaitable[tuple[Session, Client]]]


@pytest_asyncio.fixture
async def connect(server: NatsServer) -> AsyncIterator[Connect]:
    sessions: list[Session] = []

    async def open_session(name: str) -> tuple[Session, Client]:
        session = Session(name)
        sessions.append(session)
        return session, await session.connect(server)

    yield open_session
    for session in sessions:
        if session.client is not None and not session.client.is_closed:
            await session.client.close()


async def _provisioned(server: NatsServer) -> None:
    admin = await nats.connect(server.url_for(ADMIN))
    try:
        js = admin.jetstream()
        for stream, subjects in ((subj.STREAM_EVENTS, list(subj.STREAM_SUBJECTS)),
                                 (subj.STREAM_PARKED, [subj.PARKED_ALL])):
            try:
                await js.stream_info(stream)
            except nats.js.errors.NotFoundError:
                await js.add_stream(name=stream, subjects=subjects)
    finally:
        await admin.close()


def _concrete(subject: str) -> str:
    return subject.replace(">", "claimed").replace("*", "claim")


@pytest.mark.parametrize("each", SERVICE_IDENTITIES, ids=lambda each: each.name)
async def test_each_service_may_do_what_its_code_does(
    server: NatsServer, connect: Connect, each: Identity
) -> None:
    await _provisioned(server)
    session, client = await connect(each.name)
    js = client.jetstream(timeout=5)
    for subject in each.publishes:
        await js.publish(_concrete(subject), b"{}", stream=subj.STREAM_EVENTS)
    for durable in each.consumes:
        config = ConsumerConfig(durable_name=durable.name, ack_policy=AckPolicy.EXPLICIT,
                                filter_subject=durable.subject)
        pull = await js.pull_subscribe(durable.subject, durable=durable.name, stream=subj.STREAM_EVENTS,
                                       config=config)
        try:
            for message in await pull.fetch(1, timeout=0.5):
                await message.ack()
        except nats.errors.TimeoutError:
            pass  # nothing for this consumer: the pull itself was allowed
    for subject in (*each.serves, *each.follows):
        await client.subscribe(subject)
    for key in each.leases:  # campaign, hold, release: what bus.lease does
        lease = await Lease.open(js, key=key, ttl_s=6)
        assert await lease.acquire() and await lease.renew()
        await lease.release()
    await client.flush()
    session.assert_no_error()


async def test_no_service_can_take_another_services_lease(server: NatsServer, connect: Connect) -> None:
    session, client = await connect("gateway")
    lease = await Lease.open(client.jetstream(timeout=5), key=subj.LEASE_TELEGRAM_ALERTS, ttl_s=6)
    assert not await lease.attempt()
    await session.refused(f"$KV.{subj.LEASE_BUCKET}.{subj.LEASE_TELEGRAM_ALERTS}")


async def test_a_forged_console_command_from_telegram_never_reaches_notifications(
    server: NatsServer, connect: Connect
) -> None:
    _, notifications = await connect("notifications")
    received: list[bytes] = []

    async def on_command(message: Msg) -> None:
        received.append(message.data)
        await message.respond(b'{"ok": true}')

    await notifications.subscribe(subj.rpc_notifications("reply"), queue="notifications", cb=on_command)
    await notifications.flush()
    telegram_session, telegram = await connect("telegram")
    forged = b'{"type": "command.reply_to_client", "actor": {"role": "consultant"}}'
    with pytest.raises((nats.errors.TimeoutError, nats.errors.NoRespondersError)):
        await telegram.request(subj.rpc_notifications("reply"), forged, timeout=1)
    await telegram_session.refused(subj.rpc_notifications("reply"))
    # The same command from the gateway's identity is delivered: the refusal is the identity's.
    _, gateway = await connect("gateway")
    answer = await gateway.request(subj.rpc_notifications("reply"), b"{}", timeout=5)
    assert answer.data == b'{"ok": true}'
    assert received == [b"{}"]


@pytest.mark.parametrize(
    "name, subject",
    [
        ("telegram", subj.rpc_notifications("claim")),
        ("telegram", subj.RPC_DIRECTORY_MANAGE_SAVE_CONSULTANT),
        ("telegram", subj.inbound("web")),
        ("telegram", subj.outbound("web")),
        ("telegram", subj.conversation("claimed")),
        ("triage", subj.rpc_notifications("reply")),
        ("triage", subj.RPC_DIRECTORY_MANAGE_SAVE_CONSULTANT),
        ("notifications", subj.RPC_DIRECTORY_MANAGE_DEACTIVATE_CONSULTANT),
        ("directory", subj.rpc_notifications("audit")),
        ("directory", subj.inbound("telegram")),
    ],
)
async def test_a_subject_outside_the_identity_is_refused_for_publishing(
    server: NatsServer, connect: Connect, name: str, subject: str
) -> None:
    session, client = await connect(name)
    await client.publish(subject, b"{}")
    await session.refused(subject)


@pytest.mark.parametrize(
    "name, subject",
    [
        ("telegram", subj.outbound("web")),
        ("telegram", subj.OUTBOUND_ALL),
        ("telegram", "helpline.rpc.>"),
        ("telegram", subj.inbound("web")),
        ("telegram", "_INBOX_gateway.>"),
        ("telegram", "_INBOX.>"),
        ("triage", subj.rpc_notifications("reply")),
        ("directory", "_INBOX_notifications.>"),
        ("gateway", subj.inbound("telegram")),
    ],
)
async def test_a_subject_outside_the_identity_is_refused_for_subscribing(
    server: NatsServer, connect: Connect, name: str, subject: str
) -> None:
    session, client = await connect(name)
    await client.subscribe(subject)
    await session.refused(subject)


async def test_telegram_cannot_touch_another_consumer_or_the_stream(
    server: NatsServer, connect: Connect
) -> None:
    await _provisioned(server)
    session, client = await connect("telegram")
    js = client.jetstream(timeout=JS_TIMEOUT_S)
    stream = subj.STREAM_EVENTS
    # Another service's durable: neither created, nor read from.
    with pytest.raises(nats.errors.TimeoutError):
        await js.pull_subscribe(subj.outbound("web"), durable="gateway-outbound-web", stream=stream)
    await session.refused(f"$JS.API.CONSUMER.INFO.{stream}.gateway-outbound-web")
    await client.publish(f"$JS.API.CONSUMER.MSG.NEXT.{stream}.gateway-outbound-web", b"1")
    await session.refused(f"$JS.API.CONSUMER.MSG.NEXT.{stream}.gateway-outbound-web")
    # Its own durable, pointed at other events.
    subject = f"$JS.API.CONSUMER.CREATE.{stream}.telegram-outbound.{subj.outbound('web')}"
    await client.publish(subject, b"{}")
    await session.refused(subject)
    # The stream itself.
    with pytest.raises(nats.errors.TimeoutError):
        await js.delete_stream(stream)
    await session.refused(f"$JS.API.STREAM.DELETE.{stream}")
    with pytest.raises(nats.errors.TimeoutError):
        await js.purge_stream(stream)
    await session.refused(f"$JS.API.STREAM.PURGE.{stream}")


async def test_without_an_identity_nothing_connects(server: NatsServer) -> None:
    with pytest.raises(nats.errors.Error):
        await nats.connect(server.address, allow_reconnect=False, max_reconnect_attempts=0)
    wrong = server.url_for("telegram").replace("telegram:", "gateway:")
    with pytest.raises(nats.errors.Error):
        await nats.connect(wrong, allow_reconnect=False, max_reconnect_attempts=0)


def test_only_the_gateway_may_send_console_commands() -> None:
    console = {subj.rpc_notifications(c) for c in subj.NOTIFICATIONS_RPC_COMMANDS} - {
        subj.rpc_notifications("export_corrections")  # the triage export, not a console command
    }
    manage = {getattr(subj, name) for name in dir(subj) if name.startswith("RPC_DIRECTORY_MANAGE_")}
    for each in SERVICE_IDENTITIES:
        allowed = set(each.publish_allowed())
        if each.name == "gateway":
            assert console | manage <= allowed
        else:
            assert not (console | manage) & allowed, each.name
            assert not any(subject.startswith("helpline.rpc.notifications.*") for subject in allowed)


def test_the_production_config_is_generated_from_the_table() -> None:
    committed = (ROOT / "infra" / "nats" / "cluster" / "identities.conf").read_text()
    assert committed == production_conf(), (
        "regenerate it: uv run peerline nats identities-conf > infra/nats/cluster/identities.conf"
    )


@pytest.mark.parametrize(
    "pattern, subject, expected",
    [
        ("helpline.rpc.notifications.*", "helpline.rpc.notifications.reply", True),
        ("helpline.rpc.notifications.*", "helpline.rpc.notifications.a.b", False),
        ("helpline.rpc.directory.>", "helpline.rpc.directory.manage.add_slot", True),
        ("helpline.rpc.directory.>", "helpline.rpc.directory", False),
        ("helpline.outbound.telegram", "helpline.outbound.>", False),
        ("helpline.outbound.*", "helpline.outbound.>", False),
        ("helpline.conversation.>", "helpline.conversation.>", True),
        ("$JS.API.CONSUMER.CREATE.S.d.helpline.inbound.>", "$JS.API.CONSUMER.CREATE.S.d.helpline.inbound.>",
         True),
        ("$JS.API.CONSUMER.CREATE.S.d.helpline.inbound.web", "$JS.API.CONSUMER.CREATE.S.d.helpline.>", False),
    ],
)
def test_subject_matching_follows_nats(pattern: str, subject: str, expected: bool) -> None:
    assert matches(pattern, subject) is expected


def test_what_the_telegram_adapter_may_do_in_one_glance() -> None:
    telegram = identity("telegram")
    assert telegram.may_publish(subj.inbound("telegram"))
    assert not telegram.may_publish(subj.inbound("web"))
    assert not telegram.may_publish(subj.rpc_notifications("reply"))
    assert telegram.may_publish(f"$JS.ACK.{subj.STREAM_EVENTS}.telegram-outbound.1.2.3.4.5")
    assert not telegram.may_publish(f"$JS.ACK.{subj.STREAM_EVENTS}.gateway-outbound-web.1.2.3.4.5")
    assert not telegram.may_subscribe(subj.outbound("telegram")), "only through its consumer"
    assert not telegram.may_subscribe("helpline.>")
    assert identity(ADMIN).may_subscribe(">")
