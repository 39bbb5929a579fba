"""What reports count is kept as it happens: a returning client (by pseudonym), first aid sent,
and the seconds to the first consultant reply (later replies leave it); hours on shift come
from whatever the directory answered."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from zoneinfo import ZoneInfo

from peerline_notifications.conversations import commands
from peerline_notifications.conversations.handlers import command
from peerline_notifications.deps import Deps
from peerline_notifications.reports.cli import OPERATOR
from peerline_notifications.reports.service import ReportPolicy, make_report
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
