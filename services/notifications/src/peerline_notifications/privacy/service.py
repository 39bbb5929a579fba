"""Erasure ("forget me") and retention.

Erasure deletes the client's messages and notes and unlinks their conversations (client_id →
NULL); open ones are closed. The audit chain is untouched: it never held text or client ids,
only who did what to which conversation, so the actions stay and verify.
Both reach the copies of the client's text kept with triage corrections.
Retention forgets message text older than a configurable age, and prunes audit records
older than a (longer) configurable age from the start of the chain, keeping its anchor."""

from __future__ import annotations

from datetime import timedelta

from peerline_notifications.audit.transitions import audit_transition
from peerline_notifications.corrections.repository import CorrectionRepository
from peerline_notifications.deps import Deps
from peerline_notifications.domain import states
from peerline_notifications.published_events import conversation_event
from peerline_notifications.storage.rows import snapshot_of, write_snapshot
from peerline_notifications.work import Outcome, Tx
from peerline_shared.db import truncate_wal
from peerline_shared.events import ClientErasureRequested, ConversationClosed
from peerline_shared.logging import get_logger

log = get_logger()
ERASED_OUTCOME = "client_erased"


async def erase_client(tx: Tx, event: ClientErasureRequested) -> Outcome:
    conversations = list(await tx.conversations.list_for_client(event.client_id))
    removed = await tx.conversations.delete_messages([c.id for c in conversations])
    await CorrectionRepository(tx.session).forget_texts_of([c.id for c in conversations])
    outcome = Outcome()
    for conversation in conversations:
        before = snapshot_of(conversation)
        conversation.client_id = None
        decision = states.close_by_system(before, ERASED_OUTCOME)
        if isinstance(decision, states.Transition):
            write_snapshot(conversation, decision.after, tx.now)
            conversation.closed_at, conversation.reply_due_since = tx.now, None
            conversation.specialist_kind = None
            outcome.publish.append(
                conversation_event(ConversationClosed, conversation, event, outcomes=(ERASED_OUTCOME,))
            )
        erased = states.Transition("erased", before, snapshot_of(conversation))
        await audit_transition(tx.audit, conversation, erased, tx.now, content="removed")
    log.info("privacy.erased", conversation_count=len(conversations), message_count=removed)
    return outcome


async def apply_retention(tx: Tx, message_age: timedelta, audit_age: timedelta) -> Outcome:
    purged = await tx.conversations.purge_text_before(tx.now - message_age)
    purged += await CorrectionRepository(tx.session).purge_texts_before(tx.now - message_age)
    pruned = await tx.audit.prune_before(tx.now - audit_age)
    if purged or pruned:
        await tx.audit.append_system(
            "retention", None, tx.now, after={"message_texts_purged": purged, "audit_records_pruned": pruned}
        )
        log.info("privacy.retention", message_count=purged, audit_count=pruned)
    return Outcome()


async def forget_on_disk(deps: Deps) -> None:
    """After an erasure or a retention pass: the removed rows' earlier versions leave SQLite's
    write-ahead log (`truncate_wal`; deleted rows themselves are zeroed by secure_delete)."""
    await deps.relay.forget_sent_now()  # published events, a reply's text among them
    if not await truncate_wal(deps.sessions):
        log.warning("privacy.wal_not_truncated")
