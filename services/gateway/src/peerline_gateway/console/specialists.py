"""Specialists in the console: the kinds and who answers for each (anyone signed in, to refer),
a referral of a conversation to a kind (notifications), and the supervisors' changes to kinds
and specialists (directory). None of their rules live here."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from pydantic import BaseModel, Field

from peerline_gateway.console.api import command
from peerline_gateway.console.auth import Changer, SupervisorChanger, Viewer, conversation_worker
from peerline_gateway.console.management import answer
from peerline_gateway.console.rpc import Directory, Notifications
from peerline_shared.events import (
    AvailabilityWindow,
    CommandResult,
    ListSpecialists,
    ReferToSpecialist,
    SaveSpecialist,
    SaveSpecialistKind,
    SpecialistsListed,
)
from peerline_shared.events import subjects as subj

router = APIRouter(prefix="/console/api", tags=["console"])
KEY_PATTERN = r"^[a-z][a-z0-9_]{1,31}$"
WHAT = "specialists"


class ReferBody(BaseModel):
    kind: str = Field(pattern=KEY_PATTERN)
    keep: bool = False
    """Keep the conversation until a specialist takes it; otherwise it waits unassigned."""


class KindBody(BaseModel):
    key: str = Field(pattern=KEY_PATTERN)
    label: str = Field(min_length=1, max_length=64)


class SpecialistBody(BaseModel):
    kinds: list[Annotated[str, Field(pattern=KEY_PATTERN)]] = Field(default_factory=list, max_length=10)
    availability: list[AvailabilityWindow] = Field(default_factory=list, max_length=50)


@router.get("/specialists", dependencies=[Depends(conversation_worker)])  # not for editors
async def specialists(session: Viewer, directory: Directory) -> Response:
    subject = subj.RPC_DIRECTORY_SPECIALISTS
    listed = await directory.ask(subject, ListSpecialists(), SpecialistsListed, what=WHAT)
    return Response(listed.model_dump_json(include={"kinds", "specialists"}), media_type="application/json")


@router.post("/conversations/{conversation_id}/refer", dependencies=[Depends(conversation_worker)])
async def refer(
    conversation_id: uuid.UUID, body: ReferBody, session: Changer, notifications: Notifications
) -> Response:
    message = ReferToSpecialist(
        conversation_id=conversation_id, actor=session.actor(), kind=body.kind, keep=body.keep
    )
    return await command(notifications, "refer", message)


@router.post("/manage/specialist-kinds")
async def save_kind(body: KindBody, session: SupervisorChanger, directory: Directory) -> Response:
    message = SaveSpecialistKind(actor=session.actor(), key=body.key, label=body.label)
    subject = subj.RPC_DIRECTORY_MANAGE_SAVE_SPECIALIST_KIND
    return answer(await directory.ask(subject, message, CommandResult, what=WHAT))


@router.put("/manage/specialists/{consultant_id}")
async def save_specialist(
    consultant_id: uuid.UUID, body: SpecialistBody, session: SupervisorChanger, directory: Directory
) -> Response:
    message = SaveSpecialist(
        actor=session.actor(), consultant_id=consultant_id, kinds=tuple(dict.fromkeys(body.kinds)),
        availability=tuple(body.availability),
    )
    subject = subj.RPC_DIRECTORY_MANAGE_SAVE_SPECIALIST
    return answer(await directory.ask(subject, message, CommandResult, what=WHAT))
