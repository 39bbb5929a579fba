"""A referral to a specialist, with the directory and notifications in-process on a real
nats-server and redis-server, each on its migrated database.

Done means: a conversation referred to "lawyer" reaches a lawyer who is not on shift (the
notice names them, the queue shows it to them, they claim it), the client is told in their
language roughly when, and the audit log has the referral and the hand-over."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
import pytest_asyncio

from peerline_devtools.localservers import NatsServer, RedisServer
from peerline_directory.cli_support import MIGRATIONS as DIRECTORY_MIGRATIONS
from peerline_directory.cli_support import VERSION_TABLE as DIRECTORY_VERSIONS
from peerline_directory.main import create_app as create_directory
from peerline_directory.settings import DirectorySettings
from peerline_notifications.cli import MIGRATIONS as NOTIFICATIONS_MIGRATIONS
from peerline_notifications.cli import VERSION_TABLE as NOTIFICATIONS_VERSIONS
from peerline_notifications.main import create_app as create_notifications
from peerline_notifications.settings import NotificationsSettings
from peerline_shared.bus import BusRouter, NatsBus, create_bus, publish_event, request
from peerline_shared.events import (
    Actor,
    AuditPage,
    AvailabilityWindow,
    ClaimConversation,
    CommandResult,
    ListOnShift,
    ListQueue,
    MessageTriaged,
    OnShiftListed,
    QueryAudit,
    QueueListed,
    ReferToSpecialist,
    ReportPresence,
    SaveSpecialist,
)
from peerline_shared.events import subjects as subj
from peerline_shared.migrations import upgrade_to_head
from peerline_shared.privacy.pseudonym import client_pseudonym
from peerline_testing.actors import as_gateway

pytestmark = pytest.mark.integration
ADMIN_TOKEN = "test-admin-token-0123456789abcdef"
ACTOR_KEY = "referral-test-actor-key-0123456789abcdef"
TIMEOUT = 10.0


@dataclass
class Helpline:
    console: NatsBus
    admin: httpx.AsyncClient
    seen: list[dict[str, Any]] = field(default_factory=list)

    async def wait_for(
        self, predicate: Callable[[dict[str, Any]], bool], within: float = TIMEOUT
    ) -> dict[str, Any]:
        deadline = asyncio.get_running_loop().time() + within
        while asyncio.get_running_loop().time() < deadline:
            for event in self.seen:
                if predicate(event):
                    return event
            await asyncio.sleep(0.05)
        raise AssertionError(f"no such event among {[e.get('type') for e in self.seen]}")

    async def ask(self, subject: str, message: Any, reply: Any) -> Any:
        return await request(
            self.console, subject, as_gateway(message, ACTOR_KEY.encode()), reply, timeout=TIMEOUT
        )

    async def roster_has(self, person: Actor) -> None:
        """`person`'s console is open (a heartbeat), and the directory, which refreshes its roster
        every few tenths of a second, lists them on shift."""
        await request(
            self.console,
            subj.RPC_DIRECTORY_PRESENCE,
            ReportPresence(consultant_id=person.consultant_id, status="available"),
            CommandResult,
        )
        for _ in range(100):
            listed = await request(self.console, subj.RPC_DIRECTORY_ON_SHIFT, ListOnShift(), OnShiftListed)
            if any(p.consultant_id == person.consultant_id for p in listed.consultants):
                return
            await asyncio.sleep(0.1)
        raise AssertionError(f"{person.alias} never on shift")

    async def consultant(self, alias: str, *, role: str = "consultant", always_on_shift: bool) -> Actor:
        created = await self.admin.post(
            "/admin/consultants",
            json={"alias": alias, "languages": ["ru", "uk"], "role": role, "time_zone": "UTC"},
        )
        assert created.status_code == 201, created.text
        consultant_id = created.json()["id"]
        for weekday in ("mon", "tue", "wed", "thu", "fri", "sat", "sun") if always_on_shift else ():
            slot = await self.admin.post(
                f"/admin/consultants/{consultant_id}/shifts/slots",
                json={"weekday": weekday, "starts": "00:00", "ends": "00:00"},
            )
            assert slot.status_code == 201, slot.text
        return Actor(consultant_id=uuid.UUID(consultant_id), alias=alias, role=role)  # type: ignore[arg-type]


@pytest_asyncio.fixture
async def helpline(own_nats: NatsServer, own_redis: RedisServer, tmp_path: Path) -> AsyncIterator[Helpline]:
    directory_db = f"sqlite+aiosqlite:///{tmp_path / 'directory.sqlite'}"
    notifications_db = f"sqlite+aiosqlite:///{tmp_path / 'notifications.sqlite'}"
    await asyncio.to_thread(upgrade_to_head, DIRECTORY_MIGRATIONS, directory_db, DIRECTORY_VERSIONS)
    await asyncio.to_thread(
        upgrade_to_head, NOTIFICATIONS_MIGRATIONS, notifications_db, NOTIFICATIONS_VERSIONS
    )
    directory_settings = DirectorySettings(
        mode="production",
        nats_url=own_nats.url,
        database_url=directory_db,
        redis_url=own_redis.url,
        admin_token=ADMIN_TOKEN,
        pseudonym_key="test-pseudonym-key-0123456789abcdef",
        actor_key=ACTOR_KEY,
        roster_refresh_seconds=0.2,
    )
    notifications_settings = NotificationsSettings(
        nats_url=own_nats.url,
        database_url=notifications_db,
        directory_timeout_s=2.0,
        notice_batch_s=0.2,
        sla_tick_s=0.2,
        actor_key=ACTOR_KEY,
    )
    directory, notifications = (
        create_directory(directory_settings),
        create_notifications(notifications_settings),
    )
    console = create_bus(notifications_settings, client_name="pytest-console")
    followers = BusRouter()
    console.include_router(followers)
    transport = httpx.ASGITransport(app=directory)
    async with (
        directory.router.lifespan_context(directory),
        notifications.router.lifespan_context(notifications),
        httpx.AsyncClient(
            transport=transport,
            base_url="http://directory",
            headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
        ) as admin,
    ):
        helpline = Helpline(console, admin)

        async def watch(body: bytes) -> None:
            helpline.seen.append(orjson.loads(body))

        for subject in (subj.CONSULTANT_NOTIFIED, subj.CONVERSATION_ALL, subj.OUTBOUND_ALL):
            followers.follow(subject=subject)(watch)
        await console.start()
        yield helpline
        await console.stop()


def window_in(hours: int) -> AvailabilityWindow:
    """A two-hour weekly window (UTC) that opens `hours` from now."""
    opens = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(hours=hours)
    closes = opens + timedelta(hours=2)
    return AvailabilityWindow(
        weekday=opens.weekday(), starts=opens.strftime("%H:%M"), ends=closes.strftime("%H:%M")
    )


def triaged(text: str) -> MessageTriaged:
    return MessageTriaged(
        message_event_id=uuid.uuid4(),
        received_at=datetime.now(UTC),
        client_id=client_pseudonym(b"test-key-for-referrals", "web", f"client-{uuid.uuid4()}"),
        channel="web",
        text=text,
        urgency="normal",
        message_urgency="normal",  # type: ignore[arg-type]
        topics=("legal",),
        lang="ru",
        confidence=0.9,  # type: ignore[arg-type]
    )


async def test_a_referral_to_lawyer_reaches_a_lawyer_off_shift_and_the_client_is_told(
    helpline: Helpline,
) -> None:
    boss = await helpline.consultant("Iryna", role="supervisor", always_on_shift=False)
    peer = await helpline.consultant("Olena", always_on_shift=True)
    lawyer = await helpline.consultant("Lev", always_on_shift=False)
    saved = await helpline.ask(
        subj.RPC_DIRECTORY_MANAGE_SAVE_SPECIALIST,
        SaveSpecialist(
            actor=boss,
            consultant_id=lawyer.consultant_id,
            kinds=("lawyer",),
            availability=(window_in(3),),
        ),
        CommandResult,
    )
    assert saved.ok, saved.detail
    refused = await helpline.ask(
        subj.RPC_DIRECTORY_MANAGE_SAVE_SPECIALIST,
        SaveSpecialist(actor=peer, consultant_id=peer.consultant_id, kinds=("lawyer",)),
        CommandResult,
    )
    assert refused.error == "forbidden"

    await helpline.roster_has(peer)
    await publish_event(helpline.console, triaged("меня задержала полиция, что делать"), subj.TRIAGED)
    offered = await helpline.wait_for(lambda e: e["type"] == "conversation.offered")
    conversation_id = uuid.UUID(offered["conversation_id"])
    assert offered["offered_to"] == [str(peer.consultant_id)]  # the lawyer is not on shift
    claim = subj.rpc_notifications("claim")
    claimed = await helpline.ask(
        claim, ClaimConversation(conversation_id=conversation_id, actor=peer), CommandResult
    )
    assert claimed.ok

    referred = await helpline.ask(
        subj.rpc_notifications("refer"),
        ReferToSpecialist(conversation_id=conversation_id, actor=peer, kind="lawyer", keep=False),
        CommandResult,
    )
    assert referred.ok, referred.detail

    notice = await helpline.wait_for(
        lambda e: e["type"] == "consultant.notified" and e["kind"] == "specialist_referral"
    )
    assert notice["consultant_ids"] == [str(lawyer.consultant_id)]
    assert "полиция" not in orjson.dumps(notice).decode()
    told = await helpline.wait_for(
        lambda e: e["type"] == "outbound.message.requested" and e["kind"] == "specialist_referral"
    )
    assert told["lang"] == "ru" and "юриста" in told["text"] and " ч." in told["text"]

    queue = await helpline.ask(subj.rpc_notifications("queue"), ListQueue(actor=lawyer), QueueListed)
    item = next(i for i in queue.items if i.conversation_id == conversation_id)
    assert (item.state, item.specialist_kind, item.restricted) == ("queued", "lawyer", False)
    assert "полиция" in item.preview
    other = await helpline.ask(
        claim,
        ClaimConversation(
            conversation_id=conversation_id, actor=await helpline.consultant("Taras", always_on_shift=True)
        ),
        CommandResult,
    )
    assert other.error == "not_specialist"
    taken = await helpline.ask(
        claim, ClaimConversation(conversation_id=conversation_id, actor=lawyer), CommandResult
    )
    assert taken.ok and taken.holder_alias == "Lev"

    audit = await helpline.ask(
        subj.rpc_notifications("audit"), QueryAudit(actor=boss, conversation_id=conversation_id), AuditPage
    )
    by_action = {(entry.action, entry.actor_alias): entry for entry in audit.entries}
    referral = by_action[("referred", "Olena")]
    assert referral.before["consultant_alias"] == "Olena" and referral.after["state"] == "queued"
    assert referral.after["to"] == "specialist:lawyer" and referral.after["roughly_when"] == "hours"
    assert by_action[("claimed", "Lev")].after["specialist_kind"] == "lawyer"
    assert ("auto_replied", "system") in by_action and audit.chain_ok
