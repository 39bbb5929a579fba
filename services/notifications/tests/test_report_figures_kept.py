"""What reports count is kept as it happens: a returning client (by pseudonym), first aid sent,
and the seconds to the first consultant reply (later replies leave it); hours on shift come
from whatever the directory answered."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from peerline_notifications.conversations import commands
from peerline_notifications.conversations.handlers import command
from peerline_notifications.deps import Deps
from peerline_notifications.reports.cli import OPERATOR
from peerline_notifications.reports.service import ReportPolicy, make_report
from peerline_notifications.settings import NotificationsSettings
from peerline_shared.events import (
    CloseConversation,
    ConsultantShiftHours,
    GetReport,
    ReplyToClient,
    ReportPeriod,
)

from .conftest import FakeClock, FakeDirectory, triaged
from .support import actor, claim, receive, reload


async def _reply(deps: Deps, conversation_id, person, text: str) -> None:  # type: ignore[no-untyped-def]
    reply = ReplyToClient(conversation_id=conversation_id, actor=actor(person), text=text)
    assert (await command(deps, lambda tx: commands.reply(tx, reply))).ok


class PlannedHours:
    def __init__(self, listed: Sequence[ConsultantShiftHours]) -> None:
        self.listed = listed

    async def hours(self, periods: Sequence[ReportPeriod]) -> Sequence[ConsultantShiftHours] | None:
        return [each.model_copy(update={"hours": (12.5,) * len(periods)}) for each in self.listed]


async def test_returning_first_aid_and_first_reply_are_kept_and_reported(
    deps: Deps, directory: FakeDirectory, clock: FakeClock
) -> None:
    olena, taras = directory.candidates
    first = await receive(
        deps, triaged(client="k", received_at=clock.now).model_copy(update={"first_aid_sent": True})
    )
    await claim(deps, first.id, olena)
    clock.advance(seconds=90)
    await _reply(deps, first.id, olena, "Ми поруч")
    clock.advance(seconds=600)
    await _reply(deps, first.id, olena, "Як ви?")
    close = CloseConversation(conversation_id=first.id, actor=actor(olena))
    assert (await command(deps, lambda tx: commands.close(tx, close))).ok
    clock.advance(days=2)  # past the reopen window: a new contact from the same pseudonym
    second = await receive(deps, triaged(client="k", received_at=clock.now))

    kept_first, kept_second = await reload(deps, first.id), await reload(deps, second.id)
    assert (kept_first.returning_client, kept_first.first_aid_sent, kept_first.first_reply_s) == (
        False,
        True,
        90,
    )
    assert (kept_second.returning_client, kept_second.first_aid_sent, kept_second.first_reply_s) == (
        True,
        False,
        None,
    )

    today = clock.now.date()
    query = GetReport(actor=OPERATOR, first_day=today - timedelta(days=10), last_day=today)
    planned = PlannedHours([ConsultantShiftHours(consultant_id=taras.consultant_id, alias="Taras")])
    async with deps.sessions() as session:
        report = await make_report(session, query, ReportPolicy(1, ZoneInfo("Europe/Kyiv")), planned)
    totals = {(line.section, line.key): line.total for line in report.lines}
    assert totals[("contacts", "conversations")] == 2
    assert (totals[("clients", "new")], totals[("clients", "returning")]) == (1, 1)
    assert totals[("emergency", "first_aid_sent")] == 1
    assert (totals[("messages", "client")], totals[("messages", "consultant")]) == (2, 2)
    assert report.shift_hours_known
    hours = {person.alias: set(person.shift_hours) for person in report.consultants}
    assert hours == {"Olena": {0.0}, "Taras": {12.5}}  # Olena has no planned shifts; Taras handled none


async def test_a_conversation_opened_after_kyiv_midnight_counts_on_the_next_day(
    deps: Deps, clock: FakeClock
) -> None:
    """Opened at 22:30 UTC on 2 March, 00:30 on 3 March in Kyiv (the tests' report zone): its day
    is the 3rd, and a report of the 2nd does not count it."""
    clock.now = clock.now.replace(hour=22, minute=30)
    opened = await receive(deps, triaged(client="late", received_at=clock.now))
    assert (await reload(deps, opened.id)).opened_on == clock.now.date() + timedelta(days=1)

    async def contacts(day: date) -> int | None:
        query = GetReport(actor=OPERATOR, first_day=day, last_day=day)
        async with deps.sessions() as session:
            policy = ReportPolicy(1, deps.settings.report_zone())
            report = await make_report(session, query, policy, PlannedHours([]))
        return next(line.total for line in report.lines if line.section == "contacts")

    assert (await contacts(clock.now.date()), await contacts(opened.opened_on)) == (0, 1)


def test_an_unknown_report_time_zone_is_refused_at_start() -> None:
    with pytest.raises(ValidationError, match="unknown time zone 'Europe/Kiev-ish'"):
        NotificationsSettings(report_time_zone="Europe/Kiev-ish")
    assert NotificationsSettings(report_time_zone="America/St_Johns").report_zone().key == "America/St_Johns"
