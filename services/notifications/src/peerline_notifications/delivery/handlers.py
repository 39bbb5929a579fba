"""The consumer of `helpline.outbound.undeliverable`: idempotent through the inbox."""

from __future__ import annotations

from peerline_notifications.delivery.service import UNDELIVERABLE_CONSUMER, mark_undeliverable
from peerline_notifications.deps import Deps
from peerline_notifications.work import run
from peerline_shared.bus import BusRouter, Setting
from peerline_shared.events import MessageUndeliverable
from peerline_shared.events import subjects as subj

router = BusRouter()


@router.consume(subject=subj.OUTBOUND_UNDELIVERABLE, durable=UNDELIVERABLE_CONSUMER,
                model=MessageUndeliverable, ack_wait_s=Setting("consumer_ack_wait_s"))
async def on_undeliverable(event: MessageUndeliverable, deps: Deps) -> None:
    await run(deps, lambda tx: mark_undeliverable(tx, event))
