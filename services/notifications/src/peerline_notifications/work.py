"""The unit of work every entry point runs: one transaction, outbox, commit, then publish.

A step gets the repositories of one transaction and returns an `Outcome`; it never commits.
Events go to the outbox in the same transaction and are published after the commit;
batched notices go to their table (the leader batches them); conversations to route are routed by the caller.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from peerline_notifications import write_locks
from peerline_notifications.audit.repository import AuditRepository
from peerline_notifications.db import Core
from peerline_notifications.deps import Deps
from peerline_notifications.domain.notices import Notice
from peerline_notifications.notices.repository import NoticeRepository
from peerline_notifications.outbox.relay import OutboxRepository, Publication
from peerline_notifications.storage.conversation_rows import ConversationRows
from peerline_notifications.storage.repository import ConversationRepository, InboxRepository
from peerline_shared.bus import Encoded
from peerline_shared.db import unit_of_work
from peerline_shared.events import CommandResult
from peerline_shared.sqlite_driver import statements_on_the_loop


@dataclass
class Outcome:
    """What a step produced: a reply, events (published after commit), batched notices, and
    conversations that need routing now, each with the reason (`routes`)."""

    result: CommandResult | None = None
    publish: list[Publication] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    route: list[uuid.UUID] = field(default_factory=list)
    route_reason: str = "new"
    merged_routes: list[tuple[uuid.UUID, str]] = field(default_factory=list)
    """Routings taken over from merged outcomes, each with its own reason."""
    encoded: list[Encoded] = field(default_factory=list)
    """`publish` as the outbox stored it (each body serialised once): what `run` publishes."""

    def routes(self) -> list[tuple[uuid.UUID, str]]:
        """Every conversation to route with its reason, once each, in the order they came."""
        own = [(conversation_id, self.route_reason) for conversation_id in self.route]
        return own + [routing for routing in self.merged_routes if routing not in own]

    def merge(self, other: Outcome) -> None:
        """Take in another step's reply, events, notices and routings. Two different replies
        cannot be one step's answer: that raises rather than dropping one."""
        if other.result is not None:
            if self.result is not None and self.result != other.result:
                raise ValueError("two steps with different replies cannot be merged into one outcome")
            self.result = other.result
        self.publish.extend(other.publish)
        self.notices.extend(other.notices)
        known = self.routes()
        self.merged_routes.extend(routing for routing in other.routes() if routing not in known)


class Tx:
    """One transaction's repositories. `core`, the transaction's connection (`commit` passes
    it), runs their Core statements (the triaged path's, the outbox's, the inbox's, the
    notices' INSERT) without the session's steps for each; without it they go through the
    session."""

    def __init__(self, session: AsyncSession, now: datetime, core: AsyncConnection | None = None) -> None:
        self.session = session
        self.now = now
        on: Core = core if core is not None else session
        self.conversations = ConversationRepository(session, on)
        self.rows = ConversationRows(on)
        """The triaged path's conversations, as plain rows (Core; the rest use the ORM's)."""
        self.audit = AuditRepository(session)
        self.inbox = InboxRepository(on)
        self.outbox = OutboxRepository(on)
        self.notices = NoticeRepository(session, on)


Step = Callable[[Tx], Awaitable[Outcome]]


async def run(
    deps: Deps,
    step: Step,
    *,
    publish_in_background: bool = False,
    scope: write_locks.WriteScope = write_locks.EVERY_WRITE,
    short: bool = False,
) -> Outcome:
    """Commit the step, then publish its events (from the outbox: a crash in between loses
    nothing). `publish_in_background` returns right after the commit (a consumer acks, and its
    next batch starts, while the acks of this one's events are on their way). `scope` is what
    the step writes, so what it must wait for on PostgreSQL (`write_locks`). `short`: the step
    runs a few short statements (a consumer's batch, a console command), so on SQLite they run
    on the loop's thread (`statements_on_the_loop`); never for a report or a sweep. Guarded:
    after a statement of 50 ms, or 250 ms of them, the step's others go to the driver's
    thread, with a warning `sqlite.loop_budget_spent` naming the statement."""
    # In-process writers queue on an asyncio lock first; the database's locks below then
    # never make them poll (SQLite's busy handler sleeps), and stay what orders replicas.
    async with deps.writes:
        with statements_on_the_loop() if short else nullcontext():
            outcome = await _commit(deps, step, scope)
    if publish_in_background:
        deps.spawn(deps.relay.deliver(outcome.encoded))
    else:
        await deps.relay.deliver(outcome.encoded)
    return outcome


async def _commit(deps: Deps, step: Step, scope: write_locks.WriteScope) -> Outcome:
    return await commit(deps.sessions, deps.clock(), step, scope)


async def commit(
    sessions: async_sessionmaker[AsyncSession],
    now: datetime,
    step: Step,
    scope: write_locks.WriteScope = write_locks.EVERY_WRITE,
) -> Outcome:
    """The step in one transaction, its writes flushed, committed; its events left in the
    outbox. `run` calls it under the service's write lock; a command-line tool, which has no
    bus, calls it directly (the relay publishes those events later)."""
    async with unit_of_work(sessions) as session:
        tx = Tx(session, now, await session.connection())
        # The scope's locks before anything is read (two routings, claims or SLA actions never
        # interleave); the audit head last, so it is held for the append and the commit only.
        await write_locks.take(session, scope)
        outcome = await step(tx)
        # Set-based writes: one INSERT per table for the whole step, whatever its size, and
        # one UPDATE for the plain rows it changed.
        await tx.rows.write()
        await tx.conversations.write_messages()
        outcome.encoded = await tx.outbox.create_many(outcome.publish, now)
        await tx.notices.create_many(outcome.notices, now)
        await session.flush()  # the rows' UPDATEs too, before the head is taken
        await tx.audit.write_pending()
    return outcome
