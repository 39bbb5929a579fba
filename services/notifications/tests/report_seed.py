"""A seeded November 2026 for report tests, with the figures counted by hand beside it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncEngine

from peerline_notifications.audit.repository import AuditRepository
from peerline_notifications.domain.reports import local_day
from peerline_notifications.storage.models import Conversation, Message
from peerline_shared.db import session_factory, unit_of_work

NOV = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)
KYIV = ZoneInfo("Europe/Kyiv")
"""The reports' time zone in these tests: conversations take their day in it."""
OLENA, TARAS = uuid.UUID(int=101), uuid.UUID(int=102)


@dataclass
class Seed:
    channel: str = "telegram"
    lang: str = "uk"
    country: str | None = "UA"
    region: str | None = None
    urgency: str = "normal"
    topics: tuple[str, ...] = ("ost",)
    outcomes: tuple[str, ...] = ()
    returning: bool = False
    first_aid: bool = False
    sla: bool = False
    after_hours: bool = False
    corrected: bool = False
    consultant: uuid.UUID | None = None
    first_reply_s: int | None = None
    at: datetime = field(default=NOV)


def november() -> list[Seed]:
    """18 conversations in November (Kyiv time), two just outside it."""
    seeds = [
        Seed(
            urgency="emergency",
            topics=("overdose",),
            region="UA-46",
            first_aid=index < 5,
            sla=index == 0,
            consultant=OLENA,
            first_reply_s=10 * (index + 1),
            at=NOV + timedelta(days=index),
        )
        for index in range(6)
    ]
    seeds += [
        Seed(
            channel="web",
            lang="ru",
            urgency="high",
            topics=("hiv", "ost"),
            region="UA-46" if index < 2 else "UA-32",
            sla=True,
            consultant=TARAS,
            first_reply_s=100 * (index + 1),
            at=NOV + timedelta(days=7 + index),
        )
        for index in range(4)
    ]
    seeds += [
        Seed(
            lang="ru" if index < 4 else "en",
            country="UA" if index < 4 else "PL",
            outcomes=("info_given",),
            returning=True,
            after_hours=index < 5,
            consultant=OLENA,
            first_reply_s=None if index == 5 else 600 + 100 * index,
            at=NOV + timedelta(days=12 + index),
        )
        for index in range(6)
    ]
    seeds += [
        Seed(
            channel="web",
            country=None,
            urgency="low",
            topics=("legal",),
            corrected=True,
            at=NOV + timedelta(days=20),
        ),
        # 00:30 on 1 November in Kyiv (UTC+2): inside the month although it is still October in UTC.
        Seed(
            channel="web",
            country=None,
            urgency="low",
            topics=("legal",),
            corrected=True,
            at=datetime(2026, 10, 31, 22, 30, tzinfo=UTC),
        ),
    ]
    outside = [
        Seed(at=datetime(2026, 10, 31, 21, 30, tzinfo=UTC), consultant=OLENA, first_reply_s=5),
        Seed(at=datetime(2026, 11, 30, 22, 30, tzinfo=UTC), consultant=OLENA, first_reply_s=5),
    ]
    return seeds + outside


TRANSFERS = [NOV + timedelta(days=day) for day in (1, 3, 5, 8, 9, 15)] + [datetime(2026, 12, 5, tzinfo=UTC)]

# Counted by hand from november() above (threshold 5: 1 to 4 are withheld).
EXPECTED_NOVEMBER = {
    ("contacts", "conversations"): 18,
    ("messages", "client"): 36,  # two a conversation
    ("messages", "consultant"): 15,  # one a conversation answered
    ("clients", "new"): 12,
    ("clients", "returning"): 6,
    ("channel", "telegram"): 12,
    ("channel", "web"): 6,
    ("language", "uk"): 8,
    ("language", "ru"): 8,
    ("language", "en"): None,  # 2
    ("country", "UA"): 14,
    ("country", "PL"): None,  # 2
    ("country", "unknown"): None,  # 2
    ("region", "UA-46"): 8,
    ("region", "UA-32"): None,  # 2
    ("urgency", "emergency"): 6,
    ("urgency", "high"): None,  # 4
    ("urgency", "normal"): 6,
    ("urgency", "low"): None,  # 2
    ("topic", "ost"): 10,
    ("topic", "overdose"): 6,
    ("topic", "hiv"): None,  # 4
    ("topic", "legal"): None,  # 2
    ("topic", "tb"): 0,
    ("outcome", "info_given"): 6,
    ("referral", "transfer"): 6,  # the seventh is in December
    ("referral", "lawyer"): 5,  # referrals to a specialist, by kind from the audit record
    ("referral", "psychologist"): None,  # 2
    ("emergency", "emergencies"): 6,
    ("emergency", "first_aid_sent"): 5,
    ("sla", "breaches"): 5,
    ("after_hours", "contacts"): 5,
    ("triage", "corrected"): None,  # 2
}
# First replies (s): 10 20 30 40 50 60 100 200 300 400 600 700 800 900 1000 (15 answered):
# the median is the 8th (200), the 90th percentile the 14th by nearest rank (ceil(13.5)).
EXPECTED_REPLY = {"answered": 15, "median_s": 200.0, "p90_s": 900.0}
EXPECTED_HANDLED = {"Olena": 12, "Taras": None}  # Taras: 4


async def seed(engine: AsyncEngine) -> None:
    async with unit_of_work(session_factory(engine)) as session:
        for number, spec in enumerate(november()):
            conversation = _conversation(number, spec)
            session.add(conversation)
            await session.flush()
            for minute in (0, 1):
                session.add(
                    Message(
                        id=uuid.uuid4(),
                        conversation_id=conversation.id,
                        author="client",
                        author_alias=None,
                        text="synthetic",
                        at=spec.at + timedelta(minutes=minute),
                    )
                )
            if spec.first_reply_s is not None:
                session.add(
                    Message(
                        id=uuid.uuid4(),
                        conversation_id=conversation.id,
                        author="consultant",
                        author_alias="Olena",
                        text="synthetic",
                        at=spec.at + timedelta(seconds=spec.first_reply_s),
                    )
                )
            session.add(
                Message(
                    id=uuid.uuid4(),
                    conversation_id=conversation.id,
                    author="note",
                    author_alias="Olena",
                    text="internal",
                    at=spec.at + timedelta(minutes=2),
                )
            )
        # Through the chain, as the service writes them: later records (a report viewed) follow on.
        audit = AuditRepository(session)
        for at in TRANSFERS:
            await _audit(audit, "transferred", at)
        await _audit(audit, "claimed", NOV)
        for day in (3, 4, 6, 7, 8, 20, 21):
            kind = "lawyer" if day < 20 else "psychologist"
            await _audit(audit, "referred", NOV + timedelta(days=day), {"specialist_kind": kind})
        await audit.write_pending()


def _conversation(number: int, spec: Seed) -> Conversation:
    alias = {OLENA: "Olena", TARAS: "Taras"}.get(spec.consultant) if spec.consultant else None
    return Conversation(
        id=uuid.uuid4(),
        client_id=f"client-{number}",
        channel=spec.channel,
        lang=spec.lang,
        state="closed",
        urgency=spec.urgency,
        topics=list(spec.topics),
        signals=[],
        consultant_id=spec.consultant,
        consultant_alias=alias,
        outcomes=list(spec.outcomes),
        version=1,
        created_at=spec.at,
        opened_on=local_day(spec.at, KYIV),
        waiting_since=spec.at,
        updated_at=spec.at,
        closed_at=spec.at + timedelta(hours=1),
        escalation_level=0,
        offered_to=[],
        sla_breached=spec.sla,
        after_hours_sent_at=spec.at if spec.after_hours else None,
        triage_corrected_at=spec.at if spec.corrected else None,
        client_country=spec.country,
        client_region=spec.region,
        returning_client=spec.returning,
        first_aid_sent=spec.first_aid,
        first_reply_s=spec.first_reply_s,
        client_messages=2,
        consultant_messages=0 if spec.first_reply_s is None else 1,
    )


async def _audit(
    audit: AuditRepository, action: str, at: datetime, after: dict[str, str] | None = None
) -> None:
    await audit.append(actor_id=str(OLENA), actor_alias="Olena", action=action, conversation_id=None, at=at,
                       after=after)
