"""The erasure consumer: idempotent through the inbox, like every consumer here."""

from __future__ import annotations

from peerline_notifications.deps import Deps
from peerline_notifications.privacy.service import erase_client, forget_on_disk
from peerline_notifications.work import Outcome, Tx, run
from peerline_shared.bus import BusRouter, Setting
from peerline_shared.events import ClientErasureRequested
from peerline_shared.events import subjects as subj

ERASURE_CONSUMER = "notifications-erasure"
router = BusRouter()


async def on_erasure(deps: Deps, event: ClientErasureRequested) -> None:
    async def step(tx: Tx) -> Outcome:
        if not await tx.inbox.record_new(ERASURE_CONSUMER, [event.event_id], tx.now):
            return Outcome()  # applied before: a redelivery
        return await erase_client(tx, event)

    await run(deps, step)
    await forget_on_disk(deps)


@router.consume(subject=subj.CLIENT_ERASURE_REQUESTED, durable=ERASURE_CONSUMER, model=ClientErasureRequested,
                ack_wait_s=Setting("consumer_ack_wait_s"))
async def erasure(event: ClientErasureRequested, deps: Deps) -> None:
    await on_erasure(deps, event)
