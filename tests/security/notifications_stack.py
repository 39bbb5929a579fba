"""Notifications in-process on a nats-server with the per-service identities: the gateway,
triage and a stand-in directory are clients logged in as themselves. What the security tests
of verified actors and need-to-know reading share."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from peerline_devtools.localservers import NatsServer, free_port
from peerline_notifications.cli import MIGRATIONS, VERSION_TABLE
from peerline_notifications.main import create_app
from peerline_notifications.settings import NotificationsSettings
from peerline_shared.actors import signed
from peerline_shared.bus import BusRouter, NatsBus, publish_event, request
from peerline_shared.bus.connection import nats_servers
from peerline_shared.events import (
    Actor,
    Candidate,
    CandidatesFound,
    ConsultantStatus,
    FindCandidates,
    ListOnShift,
    MessageTriaged,
    OnShiftListed,
)
from peerline_shared.events import subjects as subj
from peerline_shared.events.base import utc_now
from peerline_shared.migrations import upgrade_to_head
from peerline_shared.nats_identities import IDENTITIES, new_password
from peerline_shared.privacy.pseudonym import client_pseudonym

ACTOR_KEY = b"security-test-actor-key-0123456789abcdef"
RPC_TIMEOUT_S = 5.0


def person(alias: str, role: str = "consultant", languages: tuple[str, ...] = ("uk",)) -> Candidate:
    return Candidate(consultant_id=uuid.uuid4(), alias=alias, role=role, languages=languages,  # type: ignore[arg-type]
                     capacity=3)


def actor_of(someone: Candidate) -> Actor:
    return Actor(consultant_id=someone.consultant_id, alias=someone.alias, role=someone.role)


def triaged(text: str, client: str, lang: str = "uk") -> MessageTriaged:
    return MessageTriaged(
        message_event_id=uuid.uuid4(), received_at=utc_now(),
        client_id=client_pseudonym(b"security-test-pseudonyms", "web", client), channel="web",
        text=text, urgency="normal", message_urgency="normal", topics=("other",), lang=lang,  # type: ignore[arg-type]
        confidence=0.9,  # type: ignore[arg-type]
    )


@dataclass
class Stack:
    """`gateway` is a client with the gateway's NATS identity (what a compromised gateway
    neighbour, or a leaked gateway password, could use); `offered` the consultants routing
    offers to; `on_shift` everyone the directory lists, with their languages."""

    gateway: NatsBus
    triage: NatsBus
    offered: list[Candidate]
    on_shift: list[Candidate]
    seen: list[dict[str, object]] = field(default_factory=list)

    async def ask(self, name: str, query, reply, *, key: bytes | None = ACTOR_KEY):  # type: ignore[no-untyped-def]
        """A console request as the gateway sends it, signed with `key` (None: unsigned)."""
        return await self.send(name, signed(query, key, utc_now()) if key is not None else query, reply)

    async def send(self, name: str, message, reply):  # type: ignore[no-untyped-def]
        """A console request exactly as given (a forgery, a stale proof)."""
        subject = subj.rpc_notifications(name)
        return await request(self.gateway, subject, message, reply, timeout=RPC_TIMEOUT_S)

    async def new_conversation(self, text: str, client: str, lang: str = "uk") -> uuid.UUID:
        known = {e["conversation_id"] for e in self.seen if e["type"] == "conversation.offered"}
        await publish_event(self.triage, triaged(text, client, lang), subj.TRIAGED)
        offered = await self.wait_for(lambda e: e["type"] == "conversation.offered"
                                      and e["conversation_id"] not in known)
        return uuid.UUID(str(offered["conversation_id"]))

    async def wait_for(self, predicate, within: float = 15.0) -> dict[str, object]:  # type: ignore[no-untyped-def]
        deadline = asyncio.get_running_loop().time() + within
        while asyncio.get_running_loop().time() < deadline:
            for event in self.seen:
                if predicate(event):
                    return event
            await asyncio.sleep(0.05)
        raise AssertionError(f"no such event among {[e.get('type') for e in self.seen]}")


def identity_server(data_dir: Path) -> NatsServer:
    server = NatsServer(port=free_port(), data_dir=data_dir,
                        passwords={each.name: new_password() for each in IDENTITIES})
    server.start()
    return server


def stand_in_directory(stack: Stack) -> BusRouter:
    router = BusRouter()

    @router.rpc(subject=subj.RPC_DIRECTORY_CANDIDATES, request=FindCandidates, reply=CandidatesFound,
                queue="directory")
    async def candidates(query: FindCandidates) -> CandidatesFound:
        matching = tuple(c for c in stack.offered if query.lang in c.languages)
        return CandidatesFound(candidates=matching, supervisors=(), on_shift_count=len(stack.on_shift))

    @router.rpc(subject=subj.RPC_DIRECTORY_ON_SHIFT, request=ListOnShift, reply=OnShiftListed,
                queue="directory")
    async def on_shift(query: ListOnShift) -> OnShiftListed:
        return OnShiftListed(consultants=tuple(
            ConsultantStatus(consultant_id=c.consultant_id, alias=c.alias, role=c.role, languages=c.languages,
                             on_shift=True)
            for c in stack.on_shift
        ))

    return router


async def running_stack(
    server: NatsServer, tmp_path: Path, offered: list[Candidate], on_shift: list[Candidate]
) -> AsyncIterator[Stack]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'notifications.sqlite'}"
    await asyncio.to_thread(upgrade_to_head, MIGRATIONS, url, VERSION_TABLE)
    settings = NotificationsSettings(nats_url=server.url_for("notifications"), database_url=url,
                                     actor_key=ACTOR_KEY.decode(), directory_timeout_s=1.0,
                                     notice_batch_s=0.2, sla_tick_s=0.2)
    gateway = NatsBus(nats_servers(server.url_for("gateway")), client_name="pytest-as-gateway")
    triage = NatsBus(nats_servers(server.url_for("triage")), client_name="pytest-as-triage")
    directory = NatsBus(nats_servers(server.url_for("directory")), client_name="pytest-as-directory")
    stack = Stack(gateway, triage, offered, on_shift)
    directory.include_router(stand_in_directory(stack))

    async def watch(body: bytes) -> None:
        stack.seen.append(orjson.loads(body))

    gateway.router.follow(subject=subj.CONVERSATION_ALL)(watch)  # the gateway reads these
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        for bus in (gateway, triage, directory):
            await bus.connect()
            await bus.start()
        try:
            yield stack
        finally:
            for bus in (gateway, triage, directory):
                await bus.stop()
