"""Administration of consultants and shifts (no commits): what the admin HTTP API (admin_api.py),
the management RPCs (management_handlers.py) and the CLI (cli_consultants.py) all call."""

from __future__ import annotations

import uuid
from datetime import datetime

from peerline_directory.consultants.models import Consultant
from peerline_directory.consultants.repository import ConsultantRepository
from peerline_directory.consultants.roster import member_of
from peerline_directory.consultants.schemas import (
    ConsultantIn,
    ConsultantPatch,
    OverrideIn,
    OverrideOut,
    ShiftsOut,
    SlotIn,
    SlotOut,
)
from peerline_directory.errors import Conflict, InvalidInput, NotFound


async def create_consultant(repo: ConsultantRepository, data: ConsultantIn,
                            now: datetime) -> Consultant:
    if await repo.get_by_alias(data.alias) is not None:
        raise Conflict(f"alias {data.alias!r} is taken")
    return await repo.create(Consultant(**data.model_dump(), active=True, created_at=now))


async def find_consultant(repo: ConsultantRepository, ref: str | uuid.UUID) -> Consultant:
    """By id, or by alias (what people type at the CLI)."""
    consultant = None
    try:
        consultant = await repo.get(ref if isinstance(ref, uuid.UUID) else uuid.UUID(ref))
    except ValueError:
        consultant = await repo.get_by_alias(str(ref))
    if consultant is None:
        raise NotFound(f"no consultant {str(ref)!r}")
    return consultant


async def update_consultant(repo: ConsultantRepository, consultant_id: uuid.UUID,
                            patch: ConsultantPatch, now: datetime) -> Consultant:
    consultant = await find_consultant(repo, consultant_id)
    changes = patch.model_dump(exclude_unset=True)
    new_alias = changes.get("alias")
    if new_alias and new_alias != consultant.alias and await repo.get_by_alias(new_alias):
        raise Conflict(f"alias {changes['alias']!r} is taken")
    for name, value in changes.items():
        setattr(consultant, name, value)
    if changes.get("active") is False:
        consultant.deactivated_at = now
    return consultant


async def deactivate_consultant(repo: ConsultantRepository, ref: str | uuid.UUID,
                                now: datetime) -> Consultant:
    consultant = await find_consultant(repo, ref)
    consultant.active = False
    consultant.deactivated_at = now
    return consultant


async def add_slot(repo: ConsultantRepository, ref: str | uuid.UUID, data: SlotIn,
                   now: datetime) -> SlotOut:
    consultant = await find_consultant(repo, ref)
    try:
        weekday, starts, ends = data.parsed()
    except ValueError as problem:
        raise InvalidInput(str(problem)) from None
    slot = await repo.add_slot(consultant_id=consultant.id, weekday=weekday, starts=starts,
                               ends=ends, now=now)
    return SlotOut.model_validate(slot)


async def add_override(repo: ConsultantRepository, ref: str | uuid.UUID, data: OverrideIn,
                       now: datetime) -> OverrideOut:
    if data.ends <= data.starts:
        raise InvalidInput("an override must end after it starts")
    consultant = await find_consultant(repo, ref)
    row = await repo.add_override(consultant_id=consultant.id, kind=data.kind,
                                  starts_local=data.starts, ends_local=data.ends, now=now)
    return OverrideOut(id=row.id, kind=row.kind, starts=row.starts_local, ends=row.ends_local)


async def shifts_of(repo: ConsultantRepository, ref: str | uuid.UUID, now: datetime) -> ShiftsOut:
    consultant = await find_consultant(repo, ref)
    slots = await repo.list_slots(consultant_id=consultant.id)
    overrides = await repo.list_overrides(consultant_id=consultant.id)
    member = member_of(consultant, slots, overrides)
    return ShiftsOut(
        consultant_id=consultant.id, alias=consultant.alias, time_zone=consultant.time_zone,
        on_shift_now=member.on_shift(now),
        slots=[SlotOut.model_validate(slot) for slot in slots],
        overrides=[OverrideOut(id=o.id, kind=o.kind, starts=o.starts_local, ends=o.ends_local)
                   for o in overrides],
    )


async def remove_slot(repo: ConsultantRepository, slot_id: uuid.UUID) -> None:
    if not await repo.delete_slot(slot_id):
        raise NotFound(f"no slot {slot_id}")


async def remove_override(repo: ConsultantRepository, override_id: uuid.UUID) -> None:
    if not await repo.delete_override(override_id):
        raise NotFound(f"no override {override_id}")
