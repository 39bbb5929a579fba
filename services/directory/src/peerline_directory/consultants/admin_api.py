"""/admin/consultants and their shifts; /admin/on-shift: the admin HTTP API over management.py."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, status

from peerline_directory.admin.auth import admin_guard
from peerline_directory.consultants import management, routing
from peerline_directory.consultants.access import access_changed, announce
from peerline_directory.consultants.repository import ConsultantRepository
from peerline_directory.consultants.roster import RosterCache
from peerline_directory.consultants.schemas import (
    ConsultantIn,
    ConsultantOut,
    ConsultantPatch,
    OverrideIn,
    OverrideOut,
    ShiftsOut,
    SlotIn,
    SlotOut,
)
from peerline_directory.errors import NotFound
from peerline_directory.settings import DirectorySettings
from peerline_shared.db import unit_of_work
from peerline_shared.events import OnShiftListed, utc_now
from peerline_shared.runtime import Runtime


@dataclass(frozen=True)
class AdminContext:
    """What the admin routes need that exists only once the service runs."""

    runtime: Runtime
    roster: RosterCache

    def attach(self, request: Request) -> None:
        request.state.admin = self


def admin_context(request: Request) -> AdminContext:
    context: AdminContext = request.state.admin
    return context


Admin = Annotated[AdminContext, Depends(admin_context)]
router = APIRouter(prefix="/admin", tags=["admin: consultants and shifts"])


def consultants_router(runtime: Runtime, roster: RosterCache, settings: DirectorySettings) -> APIRouter:
    """The module-level routes below, guarded by the admin token and given this process's
    runtime and roster (main.py includes what this returns)."""
    context = AdminContext(runtime, roster)
    wired = APIRouter(dependencies=[Depends(admin_guard(settings)), Depends(context.attach)])
    wired.include_router(router)
    return wired


@router.get("/consultants")
async def list_consultants(admin: Admin, active_only: bool = False) -> list[ConsultantOut]:
    async with admin.runtime.sessions() as session:
        rows = await ConsultantRepository(session).list_consultants(active_only=active_only)
    return [ConsultantOut.model_validate(row) for row in rows]


@router.post("/consultants", status_code=status.HTTP_201_CREATED)
async def create_consultant(data: ConsultantIn, admin: Admin) -> ConsultantOut:
    async with unit_of_work(admin.runtime.sessions) as session:
        row = await management.create_consultant(ConsultantRepository(session), data, utc_now())
    admin.roster.invalidate()
    return ConsultantOut.model_validate(row)


@router.get("/consultants/{consultant_id}")
async def get_consultant(consultant_id: uuid.UUID, admin: Admin) -> ConsultantOut:
    async with admin.runtime.sessions() as session:
        row = await management.find_consultant(ConsultantRepository(session), consultant_id)
    return ConsultantOut.model_validate(row)


@router.patch("/consultants/{consultant_id}")
async def update_consultant(consultant_id: uuid.UUID, patch: ConsultantPatch, admin: Admin) -> ConsultantOut:
    async with unit_of_work(admin.runtime.sessions) as session:
        row = await management.update_consultant(ConsultantRepository(session), consultant_id,
                                                 patch, utc_now())
    admin.roster.invalidate()
    if {"role", "active"} & patch.model_fields_set:
        await announce(admin.runtime.broker, access_changed(row.id, row.role, row.active))
    return ConsultantOut.model_validate(row)


@router.post("/consultants/{consultant_id}/deactivate")
async def deactivate_consultant(consultant_id: uuid.UUID, admin: Admin) -> ConsultantOut:
    async with unit_of_work(admin.runtime.sessions) as session:
        row = await management.deactivate_consultant(ConsultantRepository(session), consultant_id,
                                                     utc_now())
    admin.roster.invalidate()
    await announce(admin.runtime.broker, access_changed(row.id, row.role, row.active))
    return ConsultantOut.model_validate(row)


@router.get("/consultants/{consultant_id}/shifts")
async def get_shifts(consultant_id: uuid.UUID, admin: Admin) -> ShiftsOut:
    async with admin.runtime.sessions() as session:
        return await management.shifts_of(ConsultantRepository(session), consultant_id, utc_now())


@router.post("/consultants/{consultant_id}/shifts/slots", status_code=status.HTTP_201_CREATED)
async def add_slot(consultant_id: uuid.UUID, data: SlotIn, admin: Admin) -> SlotOut:
    async with unit_of_work(admin.runtime.sessions) as session:
        slot = await management.add_slot(ConsultantRepository(session), consultant_id, data, utc_now())
    admin.roster.invalidate()
    return slot


@router.post("/consultants/{consultant_id}/shifts/overrides", status_code=status.HTTP_201_CREATED)
async def add_override(consultant_id: uuid.UUID, data: OverrideIn, admin: Admin) -> OverrideOut:
    async with unit_of_work(admin.runtime.sessions) as session:
        override = await management.add_override(ConsultantRepository(session), consultant_id, data,
                                                 utc_now())
    admin.roster.invalidate()
    return override


@router.delete("/shifts/slots/{slot_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_slot(slot_id: uuid.UUID, admin: Admin) -> None:
    async with unit_of_work(admin.runtime.sessions) as session:
        if not await ConsultantRepository(session).delete_slot(slot_id):
            raise NotFound(f"no slot {slot_id}")
    admin.roster.invalidate()


@router.delete("/shifts/overrides/{override_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_override(override_id: uuid.UUID, admin: Admin) -> None:
    async with unit_of_work(admin.runtime.sessions) as session:
        if not await ConsultantRepository(session).delete_override(override_id):
            raise NotFound(f"no override {override_id}")
    admin.roster.invalidate()


@router.get("/on-shift")
async def on_shift(
    admin: Admin,
    at: Annotated[datetime | None, Query(description="an instant with offset; default now")] = None,
) -> OnShiftListed:
    return await routing.list_on_shift(at or utc_now(), admin.roster, admin.runtime.redis,
                                       admin.runtime.sessions)
