"""The outbound consumer: replies for Telegram clients, from `helpline.outbound.telegram`."""

from __future__ import annotations

from peerline_shared.broker import consume
from peerline_shared.events import OutboundMessageRequested
from peerline_shared.events import subjects as subj
from peerline_shared.runtime import Runtime
from peerline_telegram.outbound.service import OutboundDesk

DURABLE = "telegram-outbound"


def register(runtime: Runtime, desk: OutboundDesk) -> None:
    # Several workers: one slow chat (waiting out its 1 msg/s) must not hold up the others;
    # ChatLocks keeps each chat's replies in order.
    @consume(runtime.broker, subject=subj.outbound("telegram"), durable=DURABLE,
             model=OutboundMessageRequested, max_workers=8)
    async def on_outbound(event: OutboundMessageRequested) -> None:
        await desk.deliver(event)
