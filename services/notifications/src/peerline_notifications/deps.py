"""What the entry points and loops need, passed in (tests give fakes and a controllable clock)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from peerline_notifications.db import read_only
from peerline_notifications.directory_client import Directory
from peerline_notifications.domain.sla import SlaPolicy
from peerline_notifications.outbox.relay import OutboxRelay
from peerline_notifications.settings import NotificationsSettings
from peerline_notifications.shift_hours import NoShiftHours, ShiftHours
from peerline_shared.bus import EncodedPublisher
from peerline_shared.events import CandidatesFound, utc_now
from peerline_shared.i18n import Catalogue

Clock = Callable[[], datetime]


@dataclass
class CapacityBook:
    """Capacities the directory last reported; a setting covers anyone it has not."""

    default: int
    known: dict[uuid.UUID, int] = field(default_factory=dict)

    def learn(self, found: CandidatesFound) -> None:
        for person in (*found.candidates, *found.supervisors):
            self.known[person.consultant_id] = person.capacity

    def of(self, consultant_id: uuid.UUID) -> int:
        return self.known.get(consultant_id, self.default)


@dataclass
class Deps:
    sessions: async_sessionmaker[AsyncSession]
    publisher: EncodedPublisher
    directory: Directory
    settings: NotificationsSettings
    catalogue: Catalogue
    clock: Clock = utc_now
    capacities: CapacityBook = field(init=False)
    relay: OutboxRelay = field(init=False)
    tasks: set[asyncio.Task[Any]] = field(default_factory=set)
    writes: asyncio.Lock = field(default_factory=asyncio.Lock)
    """Write transactions of this process queue here before they take the database's lock:
    SQLite's busy handler would otherwise make them poll with sleeps of up to 100 ms."""
    shift_hours: ShiftHours = field(default_factory=NoShiftHours)
    """Where reports get hours on shift (the directory, over the bus, once wired)."""
    sla_policy_scheduled: SlaPolicy | None = None
    """The SLA policy the open conversations' `due_at` were computed with by this process."""
    readers: async_sessionmaker[AsyncSession] = field(init=False)
    """Sessions for queries that write nothing: on SQLite they begin DEFERRED (WAL lets them read
    beside the writer) instead of queueing for the write lock."""

    def __post_init__(self) -> None:
        self.capacities = CapacityBook(self.settings.default_capacity)
        self.relay = OutboxRelay(self.sessions, self.publisher, self.writes)
        self.readers = read_only(self.sessions)

    def spawn(self, work: Coroutine[Any, Any, Any]) -> None:
        """Work after an event is acked (routing): a crash loses the task, never the
        conversation, which the SLA loop routes when it finds it never offered."""
        task = asyncio.ensure_future(work)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def settle(self) -> None:
        """Wait for spawned work (tests, shutdown)."""
        while self.tasks:
            await asyncio.gather(*list(self.tasks), return_exceptions=True)
