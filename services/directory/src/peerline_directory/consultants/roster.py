"""The roster in memory: consultants with their shifts, reloaded every few seconds.

Consultants and shifts change a few times a day, candidates are asked for on every message, so
routing reads a snapshot instead of the database. Changes made through the admin API refresh it
at once; changes made by the CLI (another process) are seen within `refresh_seconds`.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from peerline_directory.consultants.live import LiveState
from peerline_directory.consultants.models import Consultant, ShiftOverride, ShiftSlot
from peerline_directory.consultants.repository import ConsultantRepository
from peerline_directory.domain.ranking import Person, Role
from peerline_directory.domain.shifts import (
    DEFAULT_TIME_ZONE,
    DayPlan,
    OverrideKind,
    WeeklySlot,
    plan_for_day,
)
from peerline_directory.domain.shifts import ShiftOverride as OverrideRule
from peerline_shared.events import utc_now
from peerline_shared.logging import get_logger

log = get_logger()
OVERRIDE_HISTORY = timedelta(days=2)
PLANS_KEPT = 8


@dataclass(frozen=True)
class Member:
    """A consultant in the roster: who they are (a routing `Person` before any live state) and
    when they work. Routing asks `person(live, on_shift=…)` for the Person at an instant."""

    profile: Person
    zone: ZoneInfo
    slots: tuple[WeeklySlot, ...]
    overrides: tuple[OverrideRule, ...]
    # Shift intervals per local date, worked out once: routing asks about every member on
    # every message, and time-zone arithmetic is the costly part.
    _plans: dict[date, DayPlan] = field(default_factory=dict, compare=False, repr=False)

    @property
    def consultant_id(self) -> uuid.UUID:
        return self.profile.consultant_id

    def on_shift(self, at: datetime) -> bool:
        if not self.profile.active:
            return False
        day = at.astimezone(self.zone).date()
        plan = self._plans.get(day)
        if plan is None:
            if len(self._plans) >= PLANS_KEPT:
                self._plans.clear()
            plan = self._plans[day] = plan_for_day(self.slots, self.overrides, day, self.zone)
        return plan.on_shift(at)

    def person(self, live: LiveState, *, on_shift: bool) -> Person:
        consultant_id = self.profile.consultant_id
        return replace(
            self.profile, on_shift=on_shift,
            presence=live.presence.get(consultant_id, "offline"),
            load=live.load.get(consultant_id, 0),
            idle_since=live.idle_since.get(consultant_id),
        )


def zone_of(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        log.warning("directory.unknown_time_zone", time_zone=name[:64])
        return ZoneInfo(DEFAULT_TIME_ZONE)


def member_of(consultant: Consultant, slots: Sequence[ShiftSlot],
              overrides: Sequence[ShiftOverride]) -> Member:
    profile = Person(
        consultant_id=consultant.id, alias=consultant.alias, role=cast(Role, consultant.role),
        languages=frozenset(consultant.languages), topics=frozenset(consultant.topics),
        countries=frozenset(c.upper() for c in consultant.countries),
        capacity=consultant.capacity, active=consultant.active, on_shift=False,
        has_telegram=bool(consultant.telegram_user_id), telegram_notify=consultant.telegram_notify,
    )
    return Member(
        profile=profile, zone=zone_of(consultant.time_zone),
        slots=tuple(WeeklySlot(s.weekday, s.starts, s.ends) for s in slots),
        overrides=tuple(OverrideRule(cast(OverrideKind, o.kind), o.starts_local, o.ends_local)
                        for o in overrides),
    )


async def load_members(session: AsyncSession, now: datetime) -> tuple[Member, ...]:
    repo = ConsultantRepository.from_session(session)
    consultants = await repo.list_consultants(active_only=True)
    # Overrides are local wall times; two days of slack covers every zone's offset.
    recent = (now - OVERRIDE_HISTORY).replace(tzinfo=None)
    slots: dict[uuid.UUID, list[ShiftSlot]] = {}
    overrides: dict[uuid.UUID, list[ShiftOverride]] = {}
    for slot in await repo.list_slots():
        slots.setdefault(slot.consultant_id, []).append(slot)
    for override in await repo.list_overrides(ending_after=recent):
        overrides.setdefault(override.consultant_id, []).append(override)
    return tuple(member_of(c, slots.get(c.id, []), overrides.get(c.id, [])) for c in consultants)


class RosterCache:
    def __init__(self, sessions: Callable[[], async_sessionmaker[AsyncSession]],
                 refresh_seconds: float) -> None:
        self._sessions = sessions  # called late: the lifespan opens the database
        self.refresh_seconds = refresh_seconds
        self._members: tuple[Member, ...] = ()
        self._loaded_at: float | None = None

    async def refresh(self) -> None:
        async with self._sessions()() as session:
            self._members = await load_members(session, utc_now())
        self._loaded_at = time.monotonic()

    def invalidate(self) -> None:
        self._loaded_at = None

    async def members(self) -> tuple[Member, ...]:
        # The background loop keeps it fresh; load inline only if it never ran or fell behind.
        stale_after = self.refresh_seconds * 3
        if self._loaded_at is None or time.monotonic() - self._loaded_at > stale_after:
            await self.refresh()
        return self._members

    async def keep_fresh(self) -> None:
        while True:
            await asyncio.sleep(self.refresh_seconds)
            try:
                await self.refresh()
            except Exception as exc:
                log.warning("directory.roster_refresh_failed", error_type=type(exc).__name__)
