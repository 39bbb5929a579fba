"""Background loops (started with `runtime.spawn`): SLA, notice batches, outbox, retention."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta

from peerline_notifications.deps import Deps
from peerline_notifications.domain.notices import batch
from peerline_notifications.metrics import LOOP_SECONDS
from peerline_notifications.notices.repository import NoticeRepository
from peerline_notifications.privacy.service import apply_retention, forget_on_disk
from peerline_notifications.sla import service as sla_service
from peerline_notifications.work import Outcome, Tx, run
from peerline_shared.events import ConsultantNotified
from peerline_shared.events import subjects as subj
from peerline_shared.logging import get_logger

log = get_logger()
OUTBOX_GRACE = timedelta(seconds=5)
"""Rows younger than this are still being published by the request that wrote them."""


async def flush_notices(deps: Deps) -> int:
    """The pending notices become their batches' events in one transaction (outbox): a crash
    before the commit leaves them pending, after it the outbox publishes them."""
    async with deps.readers() as session:
        if not await NoticeRepository(session).any_pending():
            return 0  # no write transaction (and no wait on the write lock) for nothing
    outcome = await run(deps, _batch_pending)
    return len(outcome.publish)


async def _batch_pending(tx: Tx) -> Outcome:
    events = [
        ConsultantNotified(
            consultant_ids=notice.consultant_ids,
            kind=notice.kind,  # type: ignore[arg-type]
            conversation_id=notice.conversation_id,
            urgency=notice.urgency,  # type: ignore[arg-type]
            summary=notice.summary,
            topics=notice.about.topics,  # type: ignore[arg-type]
            lang=notice.about.lang,  # type: ignore[arg-type]
            waiting_since=notice.about.waiting_since,
        )
        for notice in batch(await tx.notices.take_all())
    ]
    return Outcome(publish=[(event, subj.CONSULTANT_NOTIFIED) for event in events])


async def sweep_outbox(deps: Deps) -> int:
    return await deps.relay.sweep(created_before=deps.clock() - OUTBOX_GRACE)


async def retention(deps: Deps) -> None:
    message_age = timedelta(days=deps.settings.message_retention_days)
    audit_age = timedelta(days=deps.settings.audit_retention_days)
    await run(deps, lambda tx: apply_retention(tx, message_age, audit_age))
    await forget_on_disk(deps)  # text past its age leaves the write-ahead log too


async def every(seconds: float, name: str, work: Callable[[], Awaitable[object]]) -> None:
    while True:
        try:
            with LOOP_SECONDS.labels(name).time():
                await work()
        except Exception as exc:
            log.error("loop.failed", loop=name, error_type=type(exc).__name__)
        await asyncio.sleep(seconds)


def replica_loops(deps: Deps) -> dict[str, Awaitable[None]]:
    """What every replica runs: deleting the outbox rows it published itself (the leader's
    sweep would otherwise publish them once more, as duplicates JetStream drops)."""
    return {"outbox-forget": every(deps.settings.outbox_relay_s, "outbox-forget", deps.relay.forget_sent_now)}


def loops(deps: Deps) -> dict[str, Awaitable[None]]:
    """What runs once, on the holder of the lease (called at each election)."""
    settings = deps.settings
    # A new term: the schedules may have been made by another leader since this one's last.
    deps.sla_policy_scheduled = None
    return {
        "sla": every(settings.sla_tick_s, "sla", lambda: sla_service.tick(deps)),
        "notices": every(settings.notice_batch_s, "notices", lambda: flush_notices(deps)),
        "outbox": every(settings.outbox_relay_s, "outbox", lambda: sweep_outbox(deps)),
        "retention": every(settings.retention_interval_s, "retention", lambda: retention(deps)),
    }
