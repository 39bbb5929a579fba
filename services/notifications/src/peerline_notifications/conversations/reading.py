"""Need-to-know reading (`domain.visibility`): the queue and transcripts as the reader may see
them, and the break-glass read, audited. Notifications owns the data, so the rule is enforced
here, whatever the console shows."""

from __future__ import annotations

import asyncio
import uuid

from peerline_notifications import write_locks
from peerline_notifications.audit.repository import AuditRepository
from peerline_notifications.conversations import queries
from peerline_notifications.deps import Deps
from peerline_notifications.domain.visibility import (
    Facts,
    Reader,
    break_glass_refusal,
    holders_in,
    ids_in,
    may_preview,
    may_read,
)
from peerline_notifications.storage.models import Conversation
from peerline_notifications.storage.queue_page import QueueRow
from peerline_notifications.storage.repository import ConversationRepository
from peerline_notifications.work import Outcome, Tx, run
from peerline_shared.events import (
    Actor,
    ConversationShown,
    GetConversation,
    ListQueue,
    ListSpecialists,
    QueueListed,
)
from peerline_shared.logging import get_logger

log = get_logger()
HELD_ACTIONS = ("claimed", "replied", "closed", "transferred")
"""What only the one holding a conversation (or a supervisor) does in it. Not notes: anyone may
note an unclaimed conversation, and a note must not become a way to read it."""


async def reader_of(deps: Deps, actor: Actor) -> Reader:
    """The verified actor, with the languages they take from the queue when they are a consultant."""
    reader = Reader(actor.consultant_id, actor.role)
    if reader.supervises:
        return reader
    # Two questions to the directory at once: on a busy system each round trip is most of the page.
    languages, found = await asyncio.gather(
        deps.directory.languages_of(actor.consultant_id),
        deps.directory.specialists(ListSpecialists(consultant_id=actor.consultant_id)),
    )
    kinds = frozenset(kind for person in (found.specialists if found else ()) for kind in person.kinds)
    return Reader(actor.consultant_id, actor.role, languages, kinds)


def facts_of(conversation: Conversation | QueueRow, held_by: frozenset[uuid.UUID] = frozenset()) -> Facts:
    return Facts(
        state=conversation.state,
        lang=conversation.lang,
        holder=conversation.consultant_id,
        offered_to=ids_in(conversation.offered_to),
        held_by=held_by,
        specialist_kind=conversation.specialist_kind,
    )


async def queue_for(deps: Deps, query: ListQueue) -> QueueListed:
    """The queue, each preview shown only to those with a need to know it."""
    reader = await reader_of(deps, query.actor)
    async with deps.readers() as session:
        held: set[uuid.UUID] = set()
        if not reader.supervises:
            held = await AuditRepository(session).list_conversations_acted_in(
                actor_id=str(reader.consultant_id), actions=HELD_ACTIONS
            )
        me = frozenset({reader.consultant_id})

        def visible(conversation: QueueRow) -> bool:
            return may_preview(reader, facts_of(conversation, me if conversation.id in held else frozenset()))

        return await queries.list_queue(ConversationRepository(session), query.include_closed, visible)


async def view(deps: Deps, query: GetConversation) -> ConversationShown:
    """One conversation, audited as `viewed`; without a need to know, only with a break-glass
    reason (audited as `break_glass`, with the reason, for supervisors to review)."""
    reader = await reader_of(deps, query.actor)
    shown = ConversationShown(found=False)

    async def step(tx: Tx) -> Outcome:
        nonlocal shown
        conversation = await tx.conversations.get(query.conversation_id)
        if conversation is None:
            return Outcome()
        entries = await tx.audit.list_for_conversation(conversation.id)
        facts = facts_of(conversation, holders_in(entry.after or {} for entry in entries))
        action = "viewed"
        if not may_read(reader, facts):
            refusal = break_glass_refusal(query.break_glass_reason)
            if refusal is not None:
                log.info("visibility.refused", conversation_id=str(conversation.id), reason=refusal,
                         consultant_id=str(reader.consultant_id))
                shown = ConversationShown(found=True, refused=refusal)
                return Outcome()
            action = "break_glass"
        shown = await queries.show(tx.conversations, query)
        await tx.audit.append(
            actor_id=str(query.actor.consultant_id), actor_alias=query.actor.alias, action=action,
            conversation_id=query.conversation_id, at=tx.now,
            after={"reason": (query.break_glass_reason or "").strip()} if action == "break_glass" else None,
        )
        return Outcome()

    await run(deps, step, scope=write_locks.AUDIT_ONLY)  # reads, then one audit record
    return shown
