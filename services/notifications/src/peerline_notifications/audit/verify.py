"""Verify the stored chain against its head: all of it (the CLI), or from the last verified
checkpoint (the console's audit query, which must not grow with the chain's length)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from peerline_notifications.audit.repository import (
    AuditRepository,
    anchor_point,
    as_chain_record,
    head_point,
)
from peerline_shared.audit_chain import ChainPoint, ChainProblem, verify_chain


async def verify_stored_chain(session: AsyncSession) -> tuple[int, list[ChainProblem]]:
    """(number of records, problems); no problems means intact. The head is read first, and
    both must come from one snapshot (`db.snapshot`, as `peerline audit verify` reads them)
    where writers may be appending: read on their own, records committed between the two
    reads would show as "the last record is not the one the log wrote". In one snapshot every
    record is checked, so one added after the head by hand is still named."""
    audit = AuditRepository(session)
    head = await audit.get_head()
    entries = await audit.list_all()
    records = [as_chain_record(entry) for entry in entries]
    if head is None:
        return len(records), verify_chain(records)
    return len(records), verify_chain(records, anchor=anchor_point(head), head=head_point(head))


async def verify_since_checkpoint(session: AsyncSession) -> tuple[list[ChainProblem], ChainPoint | None]:
    """(problems, the checkpoint to save if intact): the records after the last verified one,
    linked to it, up to the head. What was verified before is not read again: tampering with
    it is for `peerline audit verify` (the whole chain) to find."""
    audit = AuditRepository(session)
    head = await audit.get_head()
    if head is None:
        _, problems = await verify_stored_chain(session)
        return problems, None
    start = anchor_point(head)
    checkpoint = await audit.get_checkpoint()
    if checkpoint is not None and checkpoint.sequence > start.sequence:
        start = checkpoint
    # Up to the head read above: records appended since (committed after that read) are
    # the next query's, not "the last record is not the one the log wrote".
    after = await audit.list_after(start.sequence, through=head.sequence)
    records = [as_chain_record(entry) for entry in after]
    problems = verify_chain(records, anchor=start, head=head_point(head))
    if problems or not records:
        return problems, None
    return problems, ChainPoint(records[-1].sequence, records[-1].record_hash)
