"""The outbound consumer: replies for Telegram clients, from `helpline.outbound.telegram`."""

from __future__ import annotations

from peerline_shared.bus import BusRouter
from peerline_shared.events import OutboundMessageRequested
from peerline_shared.events import subjects as subj
from peerline_telegram.outbound.service import OutboundDesk

DURABLE = "telegram-outbound"
router = BusRouter()


# Several workers: one slow chat (waiting out its 1 msg/s) must not hold up the others;
# ChatLocks keeps each chat's replies in order.
@router.consume(subject=subj.outbound("telegram"), durable=DURABLE, model=OutboundMessageRequested,
                max_workers=8)
async def on_outbound(event: OutboundMessageRequested, outbound: OutboundDesk) -> None:
    await outbound.deliver(event)
