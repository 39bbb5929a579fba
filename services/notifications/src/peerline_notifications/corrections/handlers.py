"""Entry points: a consultant's correction, the supervisor's figure, the export (paged)."""

from __future__ import annotations

from peerline_notifications.conversations.handlers import QUEUE_GROUP, command
from peerline_notifications.corrections import service
from peerline_notifications.deps import Deps
from peerline_notifications.work import Outcome, Tx, run
from peerline_shared.bus import BusRouter
from peerline_shared.events import (
    CommandResult,
    CorrectTriage,
    ExportTriageCorrections,
    GetTriageCorrectionStats,
    TriageCorrectionsPage,
    TriageCorrectionStats,
)
from peerline_shared.events import subjects as subj
from peerline_shared.logging import log_context

router = BusRouter()


async def on_correct(deps: Deps, request: CorrectTriage) -> CommandResult:
    with log_context(
        conversation_id=str(request.conversation_id), consultant_id=str(request.actor.consultant_id)
    ):
        return await command(deps, lambda tx: service.correct_triage(tx, request))


async def on_export(deps: Deps, query: ExportTriageCorrections) -> TriageCorrectionsPage:
    page = TriageCorrectionsPage()

    async def step(tx: Tx) -> Outcome:
        nonlocal page
        page = await service.export_page(tx, query)
        return Outcome()

    await run(deps, step)
    return page


@router.rpc(subject=subj.rpc_notifications("correct_triage"), request=CorrectTriage, reply=CommandResult,
            queue=QUEUE_GROUP, actor=True)
async def correct(request: CorrectTriage, deps: Deps) -> CommandResult:
    return await on_correct(deps, request)


@router.rpc(subject=subj.rpc_notifications("correction_stats"), request=GetTriageCorrectionStats,
            reply=TriageCorrectionStats, queue=QUEUE_GROUP, actor=True)
async def stats(query: GetTriageCorrectionStats, deps: Deps) -> TriageCorrectionStats:
    async with deps.readers() as session:
        return await service.correction_stats(session, query)


@router.rpc(subject=subj.rpc_notifications("export_corrections"), request=ExportTriageCorrections,
            reply=TriageCorrectionsPage, queue=QUEUE_GROUP)
async def export(query: ExportTriageCorrections, deps: Deps) -> TriageCorrectionsPage:
    return await on_export(deps, query)
