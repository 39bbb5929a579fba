"""Entry points: a consultant's correction, the supervisor's figure, the export (paged)."""

from __future__ import annotations

from peerline_notifications.conversations.handlers import QUEUE_GROUP, command
from peerline_notifications.corrections import service
from peerline_notifications.deps import Deps
from peerline_notifications.work import Outcome, Tx, run
from peerline_shared.broker import rpc_handler
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
from peerline_shared.runtime import Runtime


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


def register(runtime: Runtime, deps: Deps) -> None:
    broker = runtime.broker

    @rpc_handler(
        broker, subject=subj.rpc_notifications("correct_triage"), model=CorrectTriage, queue=QUEUE_GROUP
    )
    async def correct(request: CorrectTriage) -> CommandResult:
        return await on_correct(deps, request)

    @rpc_handler(
        broker,
        subject=subj.rpc_notifications("correction_stats"),
        model=GetTriageCorrectionStats,
        queue=QUEUE_GROUP,
    )
    async def stats(query: GetTriageCorrectionStats) -> TriageCorrectionStats:
        async with deps.readers() as session:
            return await service.correction_stats(session, query)

    @rpc_handler(
        broker,
        subject=subj.rpc_notifications("export_corrections"),
        model=ExportTriageCorrections,
        queue=QUEUE_GROUP,
    )
    async def export(query: ExportTriageCorrections) -> TriageCorrectionsPage:
        return await on_export(deps, query)
