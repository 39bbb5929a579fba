"""The console's JSON API: the queue and everything a consultant does to a conversation.
Each call is a contract of notifications or directory over NATS; none of their rules live here."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from peerline_gateway.console.auth import Changer, Viewer, conversation_worker
from peerline_gateway.console.domain import order_queue, referral_text, valid_outcomes
from peerline_gateway.console.rpc import Directory, Notifications, ServiceCalls
from peerline_shared.events import (
    AddNote,
    ClaimConversation,
    CloseConversation,
    CommandResult,
    ConversationShown,
    CorrectTriage,
    EventBase,
    GetConversation,
    HelpServicesFound,
    ListOnShift,
    ListQueue,
    OnShiftListed,
    QueueListed,
    ReplyToClient,
    ReportPresence,
    SearchHelpServices,
    Topic,
    TransferConversation,
    Urgency,
)
from peerline_shared.events import subjects as subj
from peerline_shared.events.directory import HelpServiceKind

router = APIRouter(prefix="/console/api", tags=["console"], dependencies=[Depends(conversation_worker)])


class TextBody(BaseModel):
    text: str = Field(min_length=1, max_length=4000)


class BreakGlassBody(BaseModel):
    reason: str = Field(min_length=1, max_length=500)
    """Why the reader must see a conversation they have no need to know (notifications sets
    the minimum length)."""


class CloseBody(BaseModel):
    outcomes: list[str] = Field(default_factory=list, max_length=10)


class TransferBody(BaseModel):
    to_consultant_id: uuid.UUID | None = None


class TriageBody(BaseModel):
    urgency: Urgency
    topics: list[Topic] = Field(min_length=1, max_length=10)
    """The main topic first; a repeated one counts once."""


class PresenceBody(BaseModel):
    status: Literal["available", "away"]


async def command(notifications: ServiceCalls, name: str, message: EventBase) -> Response:
    """A change to a conversation: notifications decides, its answer becomes the HTTP status."""
    what = {"note": "notes", "correct_triage": "triage correction"}.get(name, name)
    subject = subj.rpc_notifications(name)
    return command_response(await notifications.ask(subject, message, CommandResult, what=what))


def command_response(result: CommandResult) -> Response:
    status = 200 if result.ok else (409 if result.error in ("already_claimed", "not_yours") else 400)
    if result.error == "not_found":
        status = 404
    return JSONResponse(result.model_dump(mode="json"), status_code=status)


@router.get("/queue")
async def queue(session: Viewer, notifications: Notifications) -> dict[str, Any]:
    query = ListQueue(actor=session.actor())
    listed = await notifications.ask(subj.rpc_notifications("queue"), query, QueueListed, what="queue")
    items = [item.model_dump(mode="json") for item in order_queue(listed.items)]
    return {"items": items, "open_by_state": listed.open_by_state}


async def shown(notifications: ServiceCalls, query: GetConversation) -> Response:
    """A conversation as notifications shows it to this reader; a refusal (no need to know, a
    break-glass reason too short) is a 403 the console answers with its break-glass dialog."""
    subject = subj.rpc_notifications("conversation")
    reply = await notifications.ask(subject, query, ConversationShown, what="conversation")
    if reply.refused is not None:
        body = {"ok": False, "found": reply.found, "error": reply.refused, "detail": "a break-glass reason"}
        return JSONResponse(body, status_code=403)
    return JSONResponse(reply.model_dump(mode="json"))


@router.get("/conversations/{conversation_id}")
async def conversation(conversation_id: uuid.UUID, session: Viewer, notifications: Notifications) -> Response:
    return await shown(notifications, GetConversation(conversation_id=conversation_id, actor=session.actor()))


@router.post("/conversations/{conversation_id}/break-glass")
async def break_glass(
    conversation_id: uuid.UUID, body: BreakGlassBody, session: Changer, notifications: Notifications
) -> Response:
    """Open a conversation one has no need to know, giving why: audited, shown to supervisors."""
    query = GetConversation(
        conversation_id=conversation_id, actor=session.actor(), break_glass_reason=body.reason
    )
    return await shown(notifications, query)


@router.post("/conversations/{conversation_id}/claim")
async def claim(conversation_id: uuid.UUID, session: Changer, notifications: Notifications) -> Response:
    message = ClaimConversation(conversation_id=conversation_id, actor=session.actor())
    return await command(notifications, "claim", message)


@router.post("/conversations/{conversation_id}/reply")
async def reply(
    conversation_id: uuid.UUID, body: TextBody, session: Changer, notifications: Notifications
) -> Response:
    message = ReplyToClient(conversation_id=conversation_id, actor=session.actor(), text=body.text)
    return await command(notifications, "reply", message)


@router.post("/conversations/{conversation_id}/note")
async def note(
    conversation_id: uuid.UUID, body: TextBody, session: Changer, notifications: Notifications
) -> Response:
    message = AddNote(conversation_id=conversation_id, actor=session.actor(), text=body.text)
    return await command(notifications, "note", message)


@router.post("/conversations/{conversation_id}/close")
async def close(
    conversation_id: uuid.UUID, body: CloseBody, session: Changer, notifications: Notifications
) -> Response:
    message = CloseConversation(
        conversation_id=conversation_id, actor=session.actor(), outcomes=valid_outcomes(body.outcomes)
    )
    return await command(notifications, "close", message)


@router.post("/conversations/{conversation_id}/transfer")
async def transfer(
    conversation_id: uuid.UUID,
    body: TransferBody,
    session: Changer,
    notifications: Notifications,
) -> Response:
    message = TransferConversation(
        conversation_id=conversation_id, actor=session.actor(), to_consultant_id=body.to_consultant_id
    )
    return await command(notifications, "transfer", message)


@router.post("/conversations/{conversation_id}/triage")
async def correct_triage(
    conversation_id: uuid.UUID,
    body: TriageBody,
    session: Changer,
    notifications: Notifications,
) -> Response:
    message = CorrectTriage(
        conversation_id=conversation_id,
        actor=session.actor(),
        urgency=body.urgency,
        topics=tuple(dict.fromkeys(body.topics)),
    )
    return await command(notifications, "correct_triage", message)


@router.post("/presence")
async def presence(body: PresenceBody, session: Changer, directory: Directory) -> Response:
    heartbeat = ReportPresence(consultant_id=session.consultant_id, status=body.status)
    subject = subj.RPC_DIRECTORY_PRESENCE
    return command_response(await directory.ask(subject, heartbeat, CommandResult, what="presence"))


@router.get("/on-shift")
async def on_shift(session: Viewer, directory: Directory) -> dict[str, Any]:
    subject = subj.RPC_DIRECTORY_ON_SHIFT
    listed = await directory.ask(subject, ListOnShift(), OnShiftListed, what="on shift")
    return listed.model_dump(mode="json")


@router.get("/referrals")
async def referrals(
    session: Viewer,
    directory: Directory,
    text: str = "",
    kind: HelpServiceKind | None = None,
    country: Annotated[str | None, Query(pattern="^[A-Za-z]{2}$")] = None,
    lang: str | None = None,
) -> dict[str, Any]:
    query = SearchHelpServices(
        text=text[:200],
        kind=kind,
        country=country.upper() if country else None,
        lang=lang if lang in ("uk", "ru", "en") else None,
    )
    found = await directory.ask(subj.RPC_DIRECTORY_SEARCH, query, HelpServicesFound, what="referrals")
    return {"items": [item.model_dump(mode="json") | {"insert": referral_text(item)} for item in found.items]}
