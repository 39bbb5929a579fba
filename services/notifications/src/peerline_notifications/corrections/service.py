"""Correcting a conversation's triage (audited, kept as a labelled example, re-queued at its
new urgency), the supervisor's figure, and the export of corrections as training data."""

from __future__ import annotations

from typing import cast

from sqlalchemy.ext.asyncio import AsyncSession

from peerline_notifications.conversations.commands import NOT_FOUND, refused
from peerline_notifications.corrections.models import TriageCorrection
from peerline_notifications.corrections.repository import CorrectionRepository
from peerline_notifications.domain import corrections as rules
from peerline_notifications.domain.states import Person, Refusal, Transition
from peerline_notifications.published_events import conversation_event
from peerline_notifications.storage.models import Conversation
from peerline_notifications.storage.rows import signals_of, snapshot_of
from peerline_notifications.work import Outcome, Tx
from peerline_shared.events import (
    CommandResult,
    ConversationUpdated,
    CorrectTriage,
    ExportTriageCorrections,
    GetTriageCorrectionStats,
    Lang,
    Topic,
    TriageCorrectionsPage,
    TriageCorrectionStats,
    Urgency,
)

SUPERVISING_ROLES = ("supervisor", "admin")


def labels_of(urgency: str, topics: list[str]) -> rules.Labels:
    return rules.Labels(cast(Urgency, urgency), cast(tuple[Topic, ...], tuple(topics)))


async def correct_triage(tx: Tx, command: CorrectTriage) -> Outcome:
    conversation = await tx.conversations.get(command.conversation_id)
    if conversation is None:
        return Outcome(NOT_FOUND)
    person = Person.of(command.actor)
    triaged = labels_of(conversation.urgency, conversation.topics)
    corrected = rules.Labels(command.urgency, command.topics)
    decision = rules.correct(snapshot_of(conversation), person, triaged=triaged, corrected=corrected)
    if isinstance(decision, Refusal):
        return refused(decision)
    if not isinstance(decision, Transition):
        return Outcome(CommandResult(ok=True, detail=decision.reason))
    await _keep_example(tx, conversation, command, triaged)
    conversation.urgency, conversation.topics = corrected.urgency, list(corrected.topics)
    conversation.updated_at, conversation.version = tx.now, conversation.version + 1
    conversation.triage_corrected_at = tx.now
    await tx.audit.append(
        actor_id=str(person.consultant_id),
        actor_alias=person.alias,
        action=decision.action,
        conversation_id=conversation.id,
        at=tx.now,
        before={**decision.before.as_audit(), **triaged.as_audit()},
        after={**decision.after.as_audit(), **corrected.as_audit()},
    )
    updated = conversation_event(
        ConversationUpdated,
        conversation,
        command,
        signals=signals_of(conversation),
        reason="triage_corrected",
    )
    outcome = Outcome(CommandResult(ok=True), [updated])
    if rules.needs_routing(conversation.state, triaged.urgency, corrected.urgency):
        outcome.route, outcome.route_reason = [conversation.id], "urgency_raised"
    return outcome


async def _keep_example(
    tx: Tx, conversation: Conversation, command: CorrectTriage, triaged: rules.Labels
) -> None:
    messages = await tx.conversations.list_messages(conversation.id)
    CorrectionRepository(tx.session).add(
        TriageCorrection(
            conversation_id=conversation.id,
            corrected_at=tx.now,
            consultant_id=str(command.actor.consultant_id),
            consultant_alias=command.actor.alias,
            lang=conversation.lang,
            triaged_urgency=triaged.urgency,
            triaged_topics=list(triaged.topics),
            urgency=command.urgency,
            topics=list(command.topics),
            texts=rules.texts_to_keep([m.text for m in messages if m.author == "client"]),
        )
    )


async def correction_stats(session: AsyncSession, query: GetTriageCorrectionStats) -> TriageCorrectionStats:
    if query.actor.role not in SUPERVISING_ROLES:
        return TriageCorrectionStats(error="forbidden")
    repository = CorrectionRepository(session)
    opened = await repository.count_opened_by_urgency(since=query.since, until=query.until)
    rows = await repository.list_for_conversations_opened(since=query.since, until=query.until)
    figures = rules.correction_figures(
        opened,
        (
            rules.Correction(
                row.conversation_id,
                labels_of(row.triaged_urgency, row.triaged_topics),
                labels_of(row.urgency, row.topics),
                urgency_now,
            )
            for row, urgency_now in rows
        ),
    )
    return TriageCorrectionStats(
        since=query.since,
        until=query.until,
        conversations_opened=figures.opened,
        conversations_corrected=figures.corrected,
        opened_by_urgency=figures.opened_by_urgency,
        corrected_by_urgency=figures.corrected_by_urgency,
        changes=figures.changes,
        topics_only=figures.topics_only,
    )


async def export_page(tx: Tx, query: ExportTriageCorrections) -> TriageCorrectionsPage:
    """A page of labelled examples; the export is audited (it carries clients' words)."""
    rows = await CorrectionRepository(tx.session).list_latest_page(after_id=query.after_id, limit=query.limit)
    items = []
    for row in rows:
        line = rules.labelled(
            row.id, row.texts or [], cast(Lang, row.lang), labels_of(row.urgency, row.topics)
        )
        if line is not None:
            items.append(line)
    await tx.audit.append(
        actor_id=f"cli:{query.requested_by}"[:64],
        actor_alias=query.requested_by,
        action="exported",
        conversation_id=None,
        at=tx.now,
        after={"what": "triage_corrections", "after_id": query.after_id, "count": len(items)},
    )
    return TriageCorrectionsPage(
        items=tuple(items),
        next_after_id=rows[-1].id if len(rows) == query.limit else None,
        skipped_without_text=len(rows) - len(items),
    )
