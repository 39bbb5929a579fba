"""Helpers shared by the service-level tests."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from peerline_notifications.audit.models import AuditEntry
from peerline_notifications.conversations import commands
from peerline_notifications.conversations.handlers import command, on_triaged
from peerline_notifications.deps import Deps
from peerline_notifications.domain.notices import Notice
from peerline_notifications.notices.repository import NoticeRepository
from peerline_notifications.storage.models import Conversation
from peerline_shared.events import Actor, Candidate, ClaimConversation, CommandResult, MessageTriaged


def actor(person: Candidate) -> Actor:
    return Actor(consultant_id=person.consultant_id, alias=person.alias, role=person.role)


async def receive(deps: Deps, event: MessageTriaged) -> Conversation:
    await on_triaged(deps, event)
    await deps.settle()
    async with deps.sessions() as session:
        query = select(Conversation).where(Conversation.client_id == event.client_id)
        return (await session.execute(query.order_by(Conversation.updated_at.desc()))).scalars().first()  # type: ignore[return-value]


async def claim(deps: Deps, conversation_id: uuid.UUID, person: Candidate) -> CommandResult:
    request = ClaimConversation(conversation_id=conversation_id, actor=actor(person))
    return await command(
        deps, lambda tx: commands.claim(tx, request, deps.capacities.of(person.consultant_id))
    )


async def reload(deps: Deps, conversation_id: uuid.UUID) -> Conversation:
    async with deps.sessions() as session:
        conversation = await session.get(Conversation, conversation_id)
        assert conversation is not None
        return conversation


async def audit_actions(deps: Deps, conversation_id: uuid.UUID | None = None) -> list[str]:
    async with deps.sessions() as session:
        query = select(AuditEntry).order_by(AuditEntry.sequence)
        if conversation_id is not None:
            query = query.where(AuditEntry.conversation_id == conversation_id)
        return [entry.action for entry in (await session.execute(query)).scalars()]


async def pending_notices(deps: Deps) -> list[Notice]:
    """The notices waiting for the leader's next batch (read, then rolled back)."""
    async with deps.sessions() as session:
        return await NoticeRepository(session).take_all()
