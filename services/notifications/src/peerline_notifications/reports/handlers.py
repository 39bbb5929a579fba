"""Entry point: a supervisor's report, read in a read-only session, its view then audited
(nothing is shown unless the audit record is written)."""

from __future__ import annotations

from peerline_notifications import write_locks
from peerline_notifications.conversations.handlers import QUEUE_GROUP
from peerline_notifications.deps import Deps
from peerline_notifications.reports.service import ReportPolicy, make_report, record_view
from peerline_notifications.work import run
from peerline_shared.bus import BusRouter
from peerline_shared.events import GetReport, ReportShown
from peerline_shared.events import subjects as subj

router = BusRouter()


@router.rpc(subject=subj.rpc_notifications("report"), request=GetReport, reply=ReportShown,
            queue=QUEUE_GROUP, actor=True)
async def report(query: GetReport, deps: Deps) -> ReportShown:
    policy = ReportPolicy(deps.settings.report_min_count, deps.settings.report_zone())
    async with deps.readers() as session:
        shown = await make_report(session, query, policy, deps.shift_hours)
    if shown.error is None:
        who = str(query.actor.consultant_id)
        await run(deps, lambda tx: record_view(tx, query, actor_id=who, actor_alias=query.actor.alias),
                  scope=write_locks.AUDIT_ONLY)
    return shown
