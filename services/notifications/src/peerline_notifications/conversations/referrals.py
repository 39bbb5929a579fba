"""Referral to a kind of specialist, and a specialist taking a referred conversation.

The decisions are pure (domain/specialists.py); here they are applied to the row, audited like
a transfer (before/after, who, which kind), told to the client in their language, and noticed
to the specialists of that kind (`consultant.notified`, kind `specialist_referral`)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from peerline_notifications.audit.transitions import audit_transition
from peerline_notifications.conversations.commands import NOT_FOUND, refused
from peerline_notifications.domain import specialists, states
from peerline_notifications.domain.specialists import RoughlyWhen
from peerline_notifications.domain.states import Person
from peerline_notifications.published_events import consultant_notice, conversation_event
from peerline_notifications.storage.models import Conversation
from peerline_notifications.storage.rows import back_in_queue, snapshot_of, write_snapshot
from peerline_notifications.work import Outcome, Tx
from peerline_shared.events import (
    ClaimConversation,
    CommandResult,
    ConversationClaimed,
    ConversationRequeued,
    ConversationUpdated,
    OutboundMessageRequested,
    ReferToSpecialist,
    derived_id,
)
from peerline_shared.events import subjects as subj
from peerline_shared.i18n import Catalogue


async def refer(
    tx: Tx,
    command: ReferToSpecialist,
    *,
    specialist_ids: Sequence[uuid.UUID],
    estimate: RoughlyWhen,
    catalogue: Catalogue,
) -> Outcome:
    conversation = await tx.conversations.get(command.conversation_id)
    if conversation is None:
        return Outcome(NOT_FOUND)
    person = Person.of(command.actor)
    decision = specialists.refer(
        snapshot_of(conversation), person, kind=command.kind,
        referred_kind=conversation.specialist_kind, keep=command.keep,
    )
    if not isinstance(decision, states.Transition):
        return refused(decision) if isinstance(decision, states.Refusal) else Outcome(CommandResult(ok=True))
    previous = conversation.consultant_id
    write_snapshot(conversation, decision.after, tx.now)
    if not command.keep:
        back_in_queue(conversation, tx.now)
    conversation.specialist_kind, conversation.referred_at = command.kind, tx.now
    await audit_transition(
        tx.audit, conversation, decision, tx.now, by=person, to=f"specialist:{command.kind}",
        specialist_kind=command.kind, kept=command.keep, roughly_when=estimate.horizon,
    )
    fact = (
        conversation_event(ConversationUpdated, conversation, command, reason="specialist_referral")
        if command.keep
        else conversation_event(ConversationRequeued, conversation, command, previous_consultant_id=previous,
                                reason="specialist_referral")
    )
    outcome = Outcome(CommandResult(ok=True, detail=_detail(estimate, len(specialist_ids))), [fact])
    if specialist_ids:
        outcome.publish.append(consultant_notice(
            "specialist_referral", specialist_ids, conversation,
            summary=f"{command.kind}: referred by {person.alias}", trace_id=command.trace_id,
        ))
    outcome.merge(await _tell_client(tx, command, conversation, estimate, catalogue))
    return outcome


def _detail(estimate: RoughlyWhen, specialists_count: int) -> str:
    if specialists_count == 0:
        return "no specialist of this kind yet: it waits until a supervisor names one"
    told = f"{estimate.horizon} {estimate.amount or ''}".strip()
    return f"{specialists_count} notified; the client was told: {told}"


async def _tell_client(
    tx: Tx,
    command: ReferToSpecialist,
    conversation: Conversation,
    estimate: RoughlyWhen,
    catalogue: Catalogue,
) -> Outcome:
    if conversation.client_id is None:
        return Outcome()
    lang = conversation.lang
    who_key = f"specialist_kind.{command.kind}"
    who = catalogue.get(who_key if who_key in catalogue.keys(lang) else "specialist_kind.other", lang)  # type: ignore[arg-type]
    outbound = OutboundMessageRequested(
        event_id=derived_id(command.event_id, "specialist_referral"),
        trace_id=command.trace_id,
        client_id=conversation.client_id,
        channel=conversation.channel,  # type: ignore[arg-type]
        conversation_id=conversation.id,
        text=catalogue.get(estimate.message_key, lang, who=who, amount=estimate.amount),
        kind="specialist_referral",
        lang=lang,  # type: ignore[arg-type]
    )
    await tx.audit.append_system(
        "auto_replied", conversation.id, tx.now,
        after={"state": conversation.state, "kind": "specialist_referral", "roughly_when": estimate.horizon},
    )
    return Outcome(publish=[(outbound, subj.outbound(outbound.channel))])


async def claim_referred(tx: Tx, command: ClaimConversation, *, is_specialist: bool) -> Outcome:
    """A specialist of the kind (or a supervisor) takes a referred conversation, from the queue
    or from the consultant who kept it."""
    person = Person.of(command.actor)
    conversation = await tx.conversations.get(command.conversation_id)
    if conversation is None:
        return Outcome(NOT_FOUND)
    kind = conversation.specialist_kind
    decision = specialists.claim_referred(snapshot_of(conversation), person, is_specialist=is_specialist)
    if isinstance(decision, states.Unchanged):
        return Outcome(CommandResult(ok=True, holder_alias=person.alias, detail=decision.reason))
    if not isinstance(decision, states.Transition):
        return refused(decision)
    previous = conversation.consultant_id
    write_snapshot(conversation, decision.after, tx.now)
    conversation.specialist_kind, conversation.offered_to = None, []
    conversation.reply_due_since = tx.now
    await audit_transition(tx.audit, conversation, decision, tx.now, by=person, specialist_kind=kind)
    outcome = Outcome(CommandResult(ok=True, holder_alias=person.alias),
                      [conversation_event(ConversationClaimed, conversation, command)])
    if previous is not None and previous != person.consultant_id:
        outcome.publish.append(consultant_notice(
            "taken", [previous], conversation, summary=f"taken by {person.alias} ({kind})",
            trace_id=command.trace_id,
        ))
    return outcome
