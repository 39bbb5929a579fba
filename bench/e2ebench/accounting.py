"""Zero loss, checked: every message sent must be acked by the gateway AND stored by
notifications (its row id is the message's event id, which the bench computes)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from e2ebench.ledger import Ledger
from e2ebench.stack import stored_message_ids
from peerline_devtools.devstack import DevStack


async def account(stack: DevStack, ledger: Ledger, drain_s: float,
                  patience_s: float = 10.0) -> dict[str, Any]:
    """Wait until every acked message is stored (or nothing moved for `patience_s`), then count.

    `lost` is strict: sent minus (acked and stored). When the deadline comes while the store
    is still growing, the messages still on their way are counted in `pending_at_end` and
    not in `lost`: a slow pipeline is reported as slow (see the rates), not as lossy."""
    acked = {entry.event_id for entry in ledger.sent.values()
             if entry.acked_at is not None and entry.event_id is not None}
    deadline = time.perf_counter() + drain_s
    stored: set[Any] = set()
    last_progress, last_count = time.perf_counter(), -1
    still_moving = False
    while True:
        stored = await asyncio.to_thread(stored_message_ids, stack)
        if acked <= stored:
            break
        if len(stored) != last_count:
            last_progress, last_count = time.perf_counter(), len(stored)
        elif time.perf_counter() - last_progress > patience_s:
            break
        if time.perf_counter() > deadline:
            still_moving = True
            break
        await asyncio.sleep(0.5)
    entries = list(ledger.sent.values())
    # An acked message whose inbound event the bench never saw counts as lost: it cannot be
    # checked, so it is not assumed safe.
    safe = sum(1 for entry in entries if entry.acked_at is not None and entry.event_id in stored)
    pending = len(acked - stored) if still_moving else 0
    return {
        "sent": len(entries),
        "acked": len(acked),
        "rejected": sum(1 for entry in entries if entry.error is not None),
        "stored": sum(1 for entry in entries if entry.event_id in stored),
        "acked_not_stored": len(acked - stored),
        "acked_not_seen_on_bus": sum(1 for entry in entries
                                     if entry.acked_at is not None and entry.event_id is None),
        "not_seen_by_console": sum(1 for entry in entries if entry.console_at is None),
        "pending_at_end": pending,
        "lost": len(entries) - safe - pending,
    }
