"""Planned hours on shift per consultant and window, for notifications' reports."""

from __future__ import annotations

import uuid
from typing import cast

from sqlalchemy.ext.asyncio import AsyncSession

from peerline_directory.consultants.models import ShiftOverride, ShiftSlot
from peerline_directory.consultants.repository import ConsultantRepository
from peerline_directory.consultants.roster import zone_of
from peerline_directory.domain.shift_hours import hours_on_shift
from peerline_directory.domain.shifts import Interval, OverrideKind, WeeklySlot
from peerline_directory.domain.shifts import ShiftOverride as OverrideRule
from peerline_shared.events import ConsultantShiftHours, GetShiftHours, ShiftHoursListed


async def list_shift_hours(session: AsyncSession, query: GetShiftHours) -> ShiftHoursListed:
    repo = ConsultantRepository.from_session(session)
    slots: dict[uuid.UUID, list[ShiftSlot]] = {}
    overrides: dict[uuid.UUID, list[ShiftOverride]] = {}
    for slot in await repo.list_slots():
        slots.setdefault(slot.consultant_id, []).append(slot)
    for override in await repo.list_overrides():
        overrides.setdefault(override.consultant_id, []).append(override)
    windows = [Interval(each.start, each.end) for each in query.windows]
    listed = []
    for consultant in await repo.list_consultants():
        if consultant.id not in slots and consultant.id not in overrides:
            continue
        weekly = [WeeklySlot(s.weekday, s.starts, s.ends) for s in slots.get(consultant.id, [])]
        changes = [OverrideRule(cast(OverrideKind, o.kind), o.starts_local, o.ends_local)
                   for o in overrides.get(consultant.id, [])]
        zone = zone_of(consultant.time_zone)
        hours = tuple(hours_on_shift(weekly, changes, each, zone) for each in windows)
        listed.append(ConsultantShiftHours(consultant_id=consultant.id, alias=consultant.alias, hours=hours))
    return ShiftHoursListed(consultants=tuple(listed))
