"""The console's JSON API: the queue and everything a consultant does to a conversation.
Each call is a contract of notifications or directory over NATS; none of their rules live here."""

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from peerline_gateway.console.auth import ConsoleAuth
from peerline_gateway.console.domain import order_queue, referral_text, valid_outcomes
from peerline_gateway.console.rpc import ask
from peerline_gateway.console.sessions import ConsoleSession
from peerline_gateway.settings import GatewaySettings
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
from peerline_shared.runtime import Runtime

Session = ConsoleSession


class TextBody(BaseModel):
    text: str = Field(min_length=1, max_length=4000)


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


def api_router(runtime: Runtime, settings: GatewaySettings, auth: ConsoleAuth) -> APIRouter:
    router = APIRouter(prefix="/console/api", tags=["console"])
    Viewer = Annotated[Session, Depends(auth.current)]
    Changer = Annotated[Session, Depends(auth.checked)]

    async def notifications(command: str, query: EventBase, reply: type[Any], what: str) -> Any:
        return await ask(
            runtime,
            subj.rpc_notifications(command),
            query,
            reply,
            what=what,
            service="notifications",
            wait_seconds=settings.rpc_timeout_seconds,
        )

    async def directory(subject: str, query: EventBase, reply: type[Any], what: str) -> Any:
        return await ask(
            runtime,
            subject,
            query,
            reply,
            what=what,
            service="directory",
            wait_seconds=settings.rpc_timeout_seconds,
        )

    @router.get("/queue")
    async def queue(session: Viewer) -> dict[str, Any]:
        listed: QueueListed = await notifications(
            "queue", ListQueue(actor=session.actor()), QueueListed, "queue"
        )
        return {"items": [item.model_dump(mode="json") for item in order_queue(listed.items)]}

    @router.get("/conversations/{conversation_id}")
    async def conversation(conversation_id: uuid.UUID, session: Viewer) -> dict[str, Any]:
        query = GetConversation(conversation_id=conversation_id, actor=session.actor())
        shown: ConversationShown = await notifications(
            "conversation", query, ConversationShown, "conversation"
        )
        return shown.model_dump(mode="json")

    async def command(name: str, message: EventBase, what: str) -> Response:
        return _result(await notifications(name, message, CommandResult, what))

    @router.post("/conversations/{conversation_id}/claim")
    async def claim(conversation_id: uuid.UUID, session: Changer) -> Response:
        return await command(
            "claim", ClaimConversation(conversation_id=conversation_id, actor=session.actor()), "claim"
        )

    @router.post("/conversations/{conversation_id}/reply")
    async def reply(conversation_id: uuid.UUID, body: TextBody, session: Changer) -> Response:
        message = ReplyToClient(conversation_id=conversation_id, actor=session.actor(), text=body.text)
        return await command("reply", message, "reply")

    @router.post("/conversations/{conversation_id}/note")
    async def note(conversation_id: uuid.UUID, body: TextBody, session: Changer) -> Response:
        message = AddNote(conversation_id=conversation_id, actor=session.actor(), text=body.text)
        return await command("note", message, "notes")

    @router.post("/conversations/{conversation_id}/close")
    async def close(conversation_id: uuid.UUID, body: CloseBody, session: Changer) -> Response:
        message = CloseConversation(
            conversation_id=conversation_id, actor=session.actor(), outcomes=valid_outcomes(body.outcomes)
        )
        return await command("close", message, "close")

    @router.post("/conversations/{conversation_id}/transfer")
    async def transfer(conversation_id: uuid.UUID, body: TransferBody, session: Changer) -> Response:
        message = TransferConversation(
            conversation_id=conversation_id, actor=session.actor(), to_consultant_id=body.to_consultant_id
        )
        return await command("transfer", message, "transfer")

    @router.post("/conversations/{conversation_id}/triage")
    async def correct_triage(conversation_id: uuid.UUID, body: TriageBody, session: Changer) -> Response:
        message = CorrectTriage(
            conversation_id=conversation_id,
            actor=session.actor(),
            urgency=body.urgency,
            topics=tuple(dict.fromkeys(body.topics)),
        )
        return await command("correct_triage", message, "triage correction")

    @router.post("/presence")
    async def presence(body: PresenceBody, session: Changer) -> Response:
        heartbeat = ReportPresence(consultant_id=session.consultant_id, status=body.status)
        return _result(await directory(subj.RPC_DIRECTORY_PRESENCE, heartbeat, CommandResult, "presence"))

    @router.get("/on-shift")
    async def on_shift(session: Viewer) -> dict[str, Any]:
        listed: OnShiftListed = await directory(
            subj.RPC_DIRECTORY_ON_SHIFT, ListOnShift(), OnShiftListed, "on shift"
        )
        return listed.model_dump(mode="json")

    @router.get("/referrals")
    async def referrals(
        session: Viewer,
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
        found: HelpServicesFound = await directory(
            subj.RPC_DIRECTORY_SEARCH, query, HelpServicesFound, "referrals"
        )
        return {
            "items": [item.model_dump(mode="json") | {"insert": referral_text(item)} for item in found.items]
        }

    return router


def _result(result: CommandResult) -> Response:
    status = 200 if result.ok else (409 if result.error in ("already_claimed", "not_yours") else 400)
    if result.error == "not_found":
        status = 404
    return JSONResponse(result.model_dump(mode="json"), status_code=status)
