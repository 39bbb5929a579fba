"""Consultant and shift management from the console over NATS (`helpline.rpc.directory.manage.*`).

Thin entry points over `admin.py`, the same service functions the admin HTTP API and the CLI
use. Each change runs in one unit of work; the roster cache is invalidated after the commit.
Only supervisors and admins may see or change anything; only an admin may make an admin.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from peerline_directory.consultants import management as admin
from peerline_directory.consultants.access import access_changed, announce
from peerline_directory.consultants.models import Consultant
from peerline_directory.consultants.repository import ConsultantRepository
from peerline_directory.consultants.roster import RosterCache
from peerline_directory.consultants.schemas import (
    ConsultantIn,
    ConsultantPatch,
    OverrideIn,
    ShiftsOut,
    SlotIn,
)
from peerline_directory.errors import DirectoryError, InvalidInput
from peerline_shared.bus import BusRouter, Publisher
from peerline_shared.db import unit_of_work
from peerline_shared.events import (
    Actor,
    AddShiftOverride,
    AddShiftSlot,
    CommandResult,
    ConsultantSaved,
    ConsultantsListed,
    ConsultantView,
    DeactivateConsultant,
    ListConsultants,
    ListShifts,
    RemoveShiftOverride,
    RemoveShiftSlot,
    SaveConsultant,
    ShiftOverrideView,
    ShiftsListed,
    ShiftSlotView,
    utc_now,
)
from peerline_shared.events import subjects as subj
from peerline_shared.logging import get_logger

QUEUE = "directory"
MANAGERS = frozenset({"supervisor", "admin"})
T = TypeVar("T")
log = get_logger()
router = BusRouter()
Sessions = async_sessionmaker[AsyncSession]


class Refused(DirectoryError):
    status_code = 403
    code = "forbidden"


def require_manager(actor: Actor) -> None:
    if actor.role not in MANAGERS:
        raise Refused("needs the supervisor role")


def consultant_view(row: Consultant) -> ConsultantView:
    return ConsultantView(
        consultant_id=row.id, alias=row.alias, languages=tuple(row.languages),
        topics=tuple(row.topics), countries=tuple(row.countries), capacity=row.capacity,
        role=row.role, time_zone=row.time_zone, active=row.active,
    )


def shifts_view(shifts: ShiftsOut) -> ShiftsListed:
    return ShiftsListed(
        consultant_id=shifts.consultant_id, alias=shifts.alias, time_zone=shifts.time_zone,
        on_shift_now=shifts.on_shift_now,
        slots=tuple(ShiftSlotView(slot_id=s.id, weekday=s.weekday, starts=s.starts.strftime("%H:%M"),
                                  ends=s.ends.strftime("%H:%M")) for s in shifts.slots),
        overrides=tuple(ShiftOverrideView(override_id=o.id, kind=o.kind,
                                          starts=o.starts, ends=o.ends) for o in shifts.overrides),
    )


async def save(repo: ConsultantRepository, command: SaveConsultant) -> Consultant:
    if command.role == "admin" and command.actor.role != "admin":
        raise Refused("only an admin may give the admin role")
    fields = command.model_dump(include={"alias", "languages", "topics", "countries", "capacity",
                                         "role", "time_zone"})
    fields = {name: list(value) if isinstance(value, tuple) else value
              for name, value in fields.items()}
    try:
        if command.consultant_id is None:
            return await admin.create_consultant(repo, ConsultantIn(**fields), utc_now())
        patch = ConsultantPatch(**fields)
    except ValidationError as problem:
        raise InvalidInput(_first_error(problem)) from None
    return await admin.update_consultant(repo, command.consultant_id, patch, utc_now())


def _first_error(problem: ValidationError) -> str:
    first = problem.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return f"{where}: {first['msg']}" if where else first["msg"]


async def change(sessions: Sessions, roster: RosterCache, actor: Actor,
                 work: Callable[[ConsultantRepository], Awaitable[T]]) -> T:
    require_manager(actor)
    async with unit_of_work(sessions) as session:
        result = await work(ConsultantRepository.from_session(session))
    roster.invalidate()
    return result


async def done(sessions: Sessions, roster: RosterCache, actor: Actor, action: str,
               work: Callable[[ConsultantRepository], Awaitable[object]]) -> CommandResult:
    try:
        await change(sessions, roster, actor, work)
    except DirectoryError as error:
        return CommandResult(ok=False, error=error.code, detail=error.detail)
    log.info("directory.managed", action=action, by=str(actor.consultant_id))
    return CommandResult(ok=True)


@router.rpc(subject=subj.RPC_DIRECTORY_MANAGE_LIST_CONSULTANTS, request=ListConsultants,
            reply=ConsultantsListed, queue=QUEUE, actor=True)
async def on_list(query: ListConsultants, sessions: Sessions) -> ConsultantsListed:
    try:
        require_manager(query.actor)
    except DirectoryError as error:
        return ConsultantsListed(ok=False, error=error.code, detail=error.detail)
    async with sessions() as session:
        repo = ConsultantRepository.from_session(session)
        rows = await repo.list_consultants(active_only=query.active_only)
        return ConsultantsListed(consultants=tuple(consultant_view(row) for row in rows))


@router.rpc(subject=subj.RPC_DIRECTORY_MANAGE_SAVE_CONSULTANT, request=SaveConsultant,
            reply=ConsultantSaved, queue=QUEUE, actor=True)
async def on_save(
    command: SaveConsultant, sessions: Sessions, roster: RosterCache, bus: Publisher
) -> ConsultantSaved:
    async def work(repo: ConsultantRepository) -> ConsultantView:
        return consultant_view(await save(repo, command))

    try:
        saved = await change(sessions, roster, command.actor, work)
    except DirectoryError as error:
        return ConsultantSaved(ok=False, error=error.code, detail=error.detail)
    if command.consultant_id is not None:  # an edit may change the role: the console follows
        await announce(bus, access_changed(saved.consultant_id, saved.role, saved.active))
    log.info("directory.managed", action="save_consultant", by=str(command.actor.consultant_id),
             consultant_id=str(saved.consultant_id))
    return ConsultantSaved(consultant=saved)


@router.rpc(subject=subj.RPC_DIRECTORY_MANAGE_DEACTIVATE_CONSULTANT, request=DeactivateConsultant,
            reply=CommandResult, queue=QUEUE, actor=True)
async def on_deactivate(
    command: DeactivateConsultant, sessions: Sessions, roster: RosterCache, bus: Publisher
) -> CommandResult:
    result = await done(sessions, roster, command.actor, "deactivate_consultant",
                        lambda repo: admin.deactivate_consultant(repo, command.consultant_id, utc_now()))
    if result.ok:
        async with sessions() as session:
            row = await ConsultantRepository.from_session(session).get(command.consultant_id)
        if row is not None:
            await announce(bus, access_changed(row.id, row.role, row.active))
    return result


@router.rpc(subject=subj.RPC_DIRECTORY_MANAGE_LIST_SHIFTS, request=ListShifts, reply=ShiftsListed,
            queue=QUEUE, actor=True)
async def on_shifts(query: ListShifts, sessions: Sessions) -> ShiftsListed:
    try:
        require_manager(query.actor)
        async with sessions() as session:
            shifts = await admin.shifts_of(ConsultantRepository.from_session(session), query.consultant_id,
                                           utc_now())
    except DirectoryError as error:
        return ShiftsListed(ok=False, error=error.code, detail=error.detail)
    return shifts_view(shifts)


@router.rpc(subject=subj.RPC_DIRECTORY_MANAGE_ADD_SLOT, request=AddShiftSlot, reply=CommandResult,
            queue=QUEUE, actor=True)
async def on_add_slot(command: AddShiftSlot, sessions: Sessions, roster: RosterCache) -> CommandResult:
    slot = SlotIn(weekday=command.weekday, starts=command.starts, ends=command.ends)
    return await done(sessions, roster, command.actor, "add_slot",
                      lambda repo: admin.add_slot(repo, command.consultant_id, slot, utc_now()))


@router.rpc(subject=subj.RPC_DIRECTORY_MANAGE_REMOVE_SLOT, request=RemoveShiftSlot, reply=CommandResult,
            queue=QUEUE, actor=True)
async def on_remove_slot(command: RemoveShiftSlot, sessions: Sessions, roster: RosterCache) -> CommandResult:
    return await done(sessions, roster, command.actor, "remove_slot",
                      lambda repo: admin.remove_slot(repo, command.slot_id))


@router.rpc(subject=subj.RPC_DIRECTORY_MANAGE_ADD_OVERRIDE, request=AddShiftOverride, reply=CommandResult,
            queue=QUEUE, actor=True)
async def on_add_override(
    command: AddShiftOverride, sessions: Sessions, roster: RosterCache
) -> CommandResult:
    starts, ends = command.starts.replace(tzinfo=None), command.ends.replace(tzinfo=None)
    override = OverrideIn(kind=command.kind, starts=starts, ends=ends)
    return await done(sessions, roster, command.actor, "add_override",
                      lambda repo: admin.add_override(repo, command.consultant_id, override, utc_now()))


@router.rpc(subject=subj.RPC_DIRECTORY_MANAGE_REMOVE_OVERRIDE, request=RemoveShiftOverride,
            reply=CommandResult, queue=QUEUE, actor=True)
async def on_remove_override(command: RemoveShiftOverride, sessions: Sessions,
                             roster: RosterCache) -> CommandResult:
    return await done(sessions, roster, command.actor, "remove_override",
                      lambda repo: admin.remove_override(repo, command.override_id))
