"""Writing a state-machine transition to the audit chain: who, what, before and after."""

from __future__ import annotations

from datetime import datetime

from peerline_notifications.audit.repository import SYSTEM_ACTOR, AuditRepository
from peerline_notifications.domain.states import Person, Transition
from peerline_notifications.storage.rows import AnyConversation


async def audit_transition(
    audit: AuditRepository,
    conversation: AnyConversation,
    transition: Transition,
    at: datetime,
    *,
    by: Person | None = None,
    **extra: object,
) -> None:
    """Append the transition (by a person, or by the system when `by` is None)."""
    actor_id, alias = (str(by.consultant_id), by.alias) if by else SYSTEM_ACTOR
    await audit.append(
        actor_id=actor_id,
        actor_alias=alias,
        action=transition.action,
        conversation_id=conversation.id,
        at=at,
        before={**transition.before.as_audit(), "urgency": conversation.urgency},
        after={**transition.after.as_audit(), "urgency": conversation.urgency, **extra},
    )
