"""Verify the whole stored chain against its head: used by the CLI and the audit query."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from peerline_notifications.audit.chain import ChainProblem, verify_chain
from peerline_notifications.audit.repository import (
    AuditRepository,
    anchor_point,
    as_chain_record,
    head_point,
)


async def verify_stored_chain(session: AsyncSession) -> tuple[int, list[ChainProblem]]:
    """(number of records, problems); no problems means intact."""
    audit = AuditRepository(session)
    head = await audit.get_head()
    entries = await audit.list_all()
    records = [as_chain_record(entry) for entry in entries]
    if head is None:
        return len(records), verify_chain(records)
    return len(records), verify_chain(records, anchor=anchor_point(head), head=head_point(head))
