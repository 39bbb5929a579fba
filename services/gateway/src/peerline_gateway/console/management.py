"""Consultant and shift management in the console (supervisors and admins).

The directory owns consultants and shifts: every change is a request on
`helpline.rpc.directory.manage.*` carrying the signed-in actor, and the directory checks the
role again. The gateway owns logins, so adding a consultant with a login also creates the
console account here, with the directory's consultant id."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from peerline_gateway import deps
from peerline_gateway.accounts.service import (
    AccountProblem,
    check_new_account,
    create_account,
    deactivate_account,
    reset_password,
)
from peerline_gateway.console import deps as console_deps
from peerline_gateway.console.auth import SessionCookie, Supervisor, SupervisorChanger
from peerline_gateway.console.pages import CONSOLE_TEXTS, console_page, supervises
from peerline_gateway.console.rpc import Directory
from peerline_shared.db import unit_of_work
from peerline_shared.events import (
    TOPICS,
    AddShiftOverride,
    AddShiftSlot,
    CommandResult,
    ConsultantSaved,
    ConsultantsListed,
    DeactivateConsultant,
    Lang,
    ListConsultants,
    ListShifts,
    RemoveShiftOverride,
    RemoveShiftSlot,
    SaveConsultant,
    ShiftsListed,
    Topic,
)
from peerline_shared.events import subjects as subj
from peerline_shared.events.management import ConsultantRole, OverrideKind
from peerline_shared.logging import get_logger

log = get_logger()
router = APIRouter(prefix="/console", tags=["console"])
MANAGE_TEXTS = (*CONSOLE_TEXTS, "manage.", "account.", "second_factor.")
STATUS_OF_ERROR = {"forbidden": 403, "not_found": 404, "conflict": 409, "invalid": 422, "bad_request": 422}
Clock = Annotated[str, Field(pattern=r"^\d{1,2}(:\d{2})?$")]


class NewConsultant(BaseModel):
    alias: str = Field(min_length=1, max_length=64)
    languages: list[Lang] = Field(min_length=1)
    topics: list[Topic] = []
    capacity: int = Field(default=3, ge=1, le=20)
    role: ConsultantRole = "consultant"
    time_zone: str = Field(default="Europe/Kyiv", max_length=64)
    login: str = Field(default="", max_length=64)
    password: str = Field(default="", max_length=256)


class NewSlot(BaseModel):
    weekday: int = Field(ge=0, le=6)
    starts: Clock
    ends: Clock


class NewOverride(BaseModel):
    kind: OverrideKind
    starts: datetime
    """Wall-clock time in the consultant's time zone, as a `datetime-local` input gives it."""
    ends: datetime


def answer(reply: Any) -> Response:
    """A directory reply as JSON, with the HTTP status its error code means."""
    body = reply.model_dump(mode="json", exclude={"type", "schema_version", "event_id", "occurred_at"})
    status = 200 if reply.ok else STATUS_OF_ERROR.get(reply.error or "", 400)
    return JSONResponse(body, status_code=status)


def refused(error: str, detail: str, status: int = 422) -> Response:
    return JSONResponse({"ok": False, "error": error, "detail": detail}, status_code=status)


WHAT = "consultant management"


@router.get("/management", include_in_schema=False)
async def management_page(
    request: Request, store: console_deps.Sessions, peerline_console: SessionCookie = None
) -> Response:
    return await console_page(
        request, "management.html", store, peerline_console, MANAGE_TEXTS, shown_to=supervises, topics=TOPICS
    )


@router.get("/api/manage/consultants")
async def list_consultants(session: Supervisor, directory: Directory) -> Response:
    query = ListConsultants(actor=session.actor())
    subject = subj.RPC_DIRECTORY_MANAGE_LIST_CONSULTANTS
    return answer(await directory.ask(subject, query, ConsultantsListed, what=WHAT))


@router.post("/api/manage/consultants")
async def add_consultant(
    body: NewConsultant,
    session: SupervisorChanger,
    directory: Directory,
    db: deps.DbSessions,
) -> Response:
    wants_login = bool(body.login or body.password)
    if wants_login:
        try:
            async with db() as database:
                await check_new_account(
                    database, login=body.login, password=body.password, role=body.role, alias=body.alias
                )
        except AccountProblem as problem:
            return refused("account", str(problem))
    command = SaveConsultant(actor=session.actor(), **body.model_dump(exclude={"login", "password"}))
    saved = await directory.ask(
        subj.RPC_DIRECTORY_MANAGE_SAVE_CONSULTANT, command, ConsultantSaved, what=WHAT
    )
    if saved.ok and saved.consultant is not None and wants_login:
        try:
            async with unit_of_work(db) as database:
                await create_account(
                    database,
                    consultant_id=saved.consultant.consultant_id,
                    login=body.login,
                    password=body.password,
                    alias=body.alias,
                    role=body.role,
                )
        except AccountProblem as problem:  # the login was taken in between: say so, keep the profile
            return refused("account", str(problem))
    log.info("console.consultant_added", by=str(session.consultant_id), ok=saved.ok, login=wants_login)
    return answer(saved)


@router.post("/api/manage/consultants/{consultant_id}/deactivate")
async def deactivate(
    consultant_id: uuid.UUID,
    session: SupervisorChanger,
    directory: Directory,
    db: deps.DbSessions,
    store: console_deps.Sessions,
) -> Response:
    command = DeactivateConsultant(actor=session.actor(), consultant_id=consultant_id)
    subject = subj.RPC_DIRECTORY_MANAGE_DEACTIVATE_CONSULTANT
    result = await directory.ask(subject, command, CommandResult, what=WHAT)
    if result.ok:
        async with unit_of_work(db) as database:
            await deactivate_account(database, consultant_id)
        # Not waiting for the directory's event: this gateway ends the sessions now.
        await store.end_all(consultant_id)
        log.info("console.audit", action="account.deactivated", by=str(session.consultant_id),
                 consultant_id=str(consultant_id))
    return answer(result)


class PasswordReset(BaseModel):
    new_password: str = Field(max_length=256)


@router.post("/api/manage/consultants/{consultant_id}/password")
async def reset_consultant_password(
    consultant_id: uuid.UUID,
    body: PasswordReset,
    session: SupervisorChanger,
    db: deps.DbSessions,
    store: console_deps.Sessions,
) -> Response:
    """A supervisor sets a new password (told to the consultant in person); their sessions end."""
    try:
        async with unit_of_work(db) as database:
            await reset_password(database, consultant_id, body.new_password)
    except AccountProblem as problem:
        return refused("account", str(problem))
    await store.end_all(consultant_id)
    log.info("console.audit", action="account.password_reset", by=str(session.consultant_id),
             consultant_id=str(consultant_id))
    return JSONResponse({"ok": True})


@router.get("/api/manage/consultants/{consultant_id}/shifts")
async def list_shifts(consultant_id: uuid.UUID, session: Supervisor, directory: Directory) -> Response:
    query = ListShifts(actor=session.actor(), consultant_id=consultant_id)
    return answer(await directory.ask(subj.RPC_DIRECTORY_MANAGE_LIST_SHIFTS, query, ShiftsListed, what=WHAT))


@router.post("/api/manage/consultants/{consultant_id}/slots")
async def add_slot(
    consultant_id: uuid.UUID,
    body: NewSlot,
    session: SupervisorChanger,
    directory: Directory,
) -> Response:
    command = AddShiftSlot(actor=session.actor(), consultant_id=consultant_id, **body.model_dump())
    return answer(await directory.ask(subj.RPC_DIRECTORY_MANAGE_ADD_SLOT, command, CommandResult, what=WHAT))


@router.delete("/api/manage/slots/{slot_id}")
async def remove_slot(slot_id: uuid.UUID, session: SupervisorChanger, directory: Directory) -> Response:
    command = RemoveShiftSlot(actor=session.actor(), slot_id=slot_id)
    return answer(
        await directory.ask(subj.RPC_DIRECTORY_MANAGE_REMOVE_SLOT, command, CommandResult, what=WHAT)
    )


@router.post("/api/manage/consultants/{consultant_id}/overrides")
async def add_override(
    consultant_id: uuid.UUID,
    body: NewOverride,
    session: SupervisorChanger,
    directory: Directory,
) -> Response:
    command = AddShiftOverride(actor=session.actor(), consultant_id=consultant_id, **body.model_dump())
    subject = subj.RPC_DIRECTORY_MANAGE_ADD_OVERRIDE
    return answer(await directory.ask(subject, command, CommandResult, what=WHAT))


@router.delete("/api/manage/overrides/{override_id}")
async def remove_override(
    override_id: uuid.UUID, session: SupervisorChanger, directory: Directory
) -> Response:
    command = RemoveShiftOverride(actor=session.actor(), override_id=override_id)
    subject = subj.RPC_DIRECTORY_MANAGE_REMOVE_OVERRIDE
    return answer(await directory.ask(subject, command, CommandResult, what=WHAT))
