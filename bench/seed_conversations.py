"""Open conversations seeded straight into notifications' database, for benches of a long queue.

Half wait in the queue (offered, told their place, 70–600 s old: not yet escalated), half are
held by the given consultants and were replied to within the last five minutes; two client
messages each. Used by `queue_bench.py` (in-process) and `run.py --open-conversations`
(the whole system)."""

from __future__ import annotations

import random
import uuid
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from peerline_notifications.domain.reports import local_day
from peerline_notifications.settings import NotificationsSettings
from peerline_notifications.storage.models import Conversation, Message
from peerline_shared.events import utc_now

CHUNK = 1000
ZONE = NotificationsSettings.model_fields["report_time_zone"].default
Rows = list[dict[str, Any]]


def conversations(size: int, consultants: list[uuid.UUID]) -> tuple[Rows, Rows]:
    now = utc_now()
    rows, messages = [], []
    for number in range(size):
        held = number % 2 == 1
        waited = timedelta(seconds=random.uniform(70, 600))  # told their place, not yet escalated
        owner = random.choice(consultants) if held else None
        conversation_id = uuid.uuid4()
        rows.append({
            "id": conversation_id, "client_id": f"bench-{uuid.uuid4().hex}", "channel": "web",
            "lang": random.choice(("uk", "ru")), "state": "active" if held else "offered",
            "urgency": random.choice(("normal", "low")), "topics": ["other"], "signals": [],
            "consultant_id": owner, "consultant_alias": f"Peer {owner.hex[:4]}" if owner else None,
            "outcomes": [], "version": 1, "created_at": now - waited,
            "opened_on": local_day(now - waited, ZoneInfo(ZONE)), "waiting_since": now - waited,
            "updated_at": now - waited, "closed_at": None, "escalation_level": 0,
            "offered_to": [str(random.choice(consultants))], "last_offered_at": now - waited,
            "route_attempted_at": now - waited, "queue_notice_sent_at": now - waited,
            "after_hours_sent_at": None, "sla_breached": False, "triage_corrected_at": None,
            "reply_due_since": now - timedelta(seconds=random.uniform(0, 300)) if held else None,
            "client_country": None, "client_region": None, "due_at": None,
        })
        for say in range(2):
            messages.append({"id": uuid.uuid4(), "conversation_id": conversation_id, "author": "client",
                             "author_alias": None, "text": f"message {say}", "at": now - waited})
    return rows, messages



async def seed(engine: AsyncEngine, size: int, consultants: list[uuid.UUID]) -> None:
    """`size` open conversations, in transactions of `CHUNK`."""
    rows, messages = conversations(size, consultants)
    for start in range(0, size, CHUNK):
        async with engine.begin() as connection:
            await connection.execute(insert(Conversation.__table__), rows[start:start + CHUNK])
            await connection.execute(insert(Message.__table__), messages[2 * start:2 * (start + CHUNK)])
