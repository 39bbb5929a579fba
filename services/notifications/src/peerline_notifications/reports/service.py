"""The report: figures per period from this service's tables, hours on shift from the
directory (asked over the bus: reports never read another service's tables)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from peerline_notifications.domain import reports as rules
from peerline_notifications.reports.repository import Counts, Profile, ReportRepository
from peerline_notifications.shift_hours import ShiftHours
from peerline_notifications.work import Outcome, Tx
from peerline_shared.events import (
    CHANNELS,
    MAX_REPORT_PERIODS,
    TOPICS,
    URGENCY_ORDER,
    ConsultantFigures,
    ConsultantShiftHours,
    GetReport,
    ReportLine,
    ReportShown,
)
from peerline_shared.events.vocabulary import LANGS, SUPERVISING_ROLES

REPORT_VIEWED = "report_viewed"
"""The audit action of a report shown (console page, CSV, `peerline report`): it counts people's
contacts, so who read which period, and when, is kept like a view of a conversation."""


@dataclass(frozen=True)
class ReportPolicy:
    min_count: int
    zone: ZoneInfo


async def record_view(tx: Tx, query: GetReport, *, actor_id: str, actor_alias: str) -> Outcome:
    """The step that audits `query`'s report, shown to `actor_id` now: the console's route and
    `peerline report` both commit this one."""
    await tx.audit.append(
        actor_id=actor_id[:64], actor_alias=actor_alias[:64], action=REPORT_VIEWED, conversation_id=None,
        at=tx.now, after={"first_day": query.first_day.isoformat(), "last_day": query.last_day.isoformat(),
                          "by": query.by},
    )
    return Outcome()


async def make_report(
    session: AsyncSession, query: GetReport, policy: ReportPolicy, shifts: ShiftHours
) -> ReportShown:
    if query.actor.role not in SUPERVISING_ROLES:
        return ReportShown(error="forbidden")
    try:
        periods = rules.periods(query.first_day, query.last_day, query.by, policy.zone, MAX_REPORT_PERIODS)
    except rules.TooManyPeriods:
        return ReportShown(error="too_many_periods")
    repository = ReportRepository(session, periods, policy.zone)
    await repository.give_memory()
    profile = await repository.count_profile()
    lines = await _lines(repository, profile, policy.min_count)
    reply_ranks = await repository.reply_ranks()
    handled = profile.handled
    hours = await shifts.hours(periods)
    return ReportShown(
        by=query.by,
        min_count=policy.min_count,
        periods=periods,
        lines=tuple(lines),
        reply_times=tuple(rules.reply_times(ranks, policy.min_count) for ranks in reply_ranks),
        consultants=_consultants(handled, hours, len(periods), policy.min_count),
        shift_hours_known=hours is not None,
    )


async def _lines(repository: ReportRepository, profile: Profile, min_count: int) -> list[ReportLine]:
    width = len(repository.periods)

    lines_of = partial(_lines_of, min_count=min_count, width=width)

    topics, outcomes = await repository.count_tags()
    flags, by = profile.flags, profile.by
    total = flags["conversations"]
    returning = flags["returning"]
    lines = [
        rules.line("contacts", "conversations", total, min_count),
        rules.line("messages", "client", flags["client_messages"], min_count),
        rules.line("messages", "consultant", flags["consultant_messages"], min_count),
        rules.line("clients", "new", [t - r for t, r in zip(total, returning, strict=True)], min_count),
        rules.line("clients", "returning", returning, min_count),
        *lines_of("channel", by["channel"], CHANNELS),
        *lines_of("language", by["lang"], LANGS),
        *_places(by["client_country"], "country", lines_of),
        *_places(by["client_region"], "region", lines_of),
        *lines_of("urgency", by["urgency"], URGENCY_ORDER),
        *lines_of("topic", topics, TOPICS),
        *lines_of("outcome", outcomes),
        *lines_of("referral", await _referrals(repository), sorted(set(rules.REFERRAL_KINDS.values()))),
    ]
    for section, key, name in (
        ("emergency", "emergencies", "emergencies"),
        ("emergency", "first_aid_sent", "first_aid_sent"),
        ("sla", "breaches", "sla_breaches"),
        ("after_hours", "contacts", "after_hours"),
        ("triage", "corrected", "triage_corrected"),
    ):
        lines.append(rules.line(section, key, flags[name], min_count))
    return lines


def _lines_of(
    section: str, counts: Counts, order: Sequence[str] = (), *, min_count: int, width: int
) -> list[ReportLine]:
    return rules.lines_of(section, counts, order, min_count, width=width)


def _places(
    counts: Counts, section: str, lines_of: Callable[[str, Counts], list[ReportLine]]
) -> list[ReportLine]:
    # "" is a conversation whose client did not say; regions are listed only where known.
    known = {key: values for key, values in counts.items() if key}
    unknown = {"unknown": counts[""]} if section == "country" and "" in counts else {}
    return lines_of(section, known) + lines_of(section, unknown)


async def _referrals(repository: ReportRepository) -> Counts:
    """Transfers (and any other action of REFERRAL_KINDS) by the kind they count as, then
    referrals to specialists by their kind."""
    by_kind: Counts = {}
    for action, values in (await repository.count_actions(tuple(rules.REFERRAL_KINDS))).items():
        kind = rules.REFERRAL_KINDS[action]
        by_kind[kind] = [a + b for a, b in zip(by_kind.get(kind, [0] * len(values)), values, strict=True)]
    specialists = await repository.count_specialist_referrals(rules.SPECIALIST_REFERRAL)
    return by_kind | {kind or "specialist": values for kind, values in specialists.items()}


def _consultants(
    handled: dict[uuid.UUID, tuple[str, list[int]]],
    hours: Sequence[ConsultantShiftHours] | None,
    width: int,
    min_count: int,
) -> tuple[ConsultantFigures, ...]:
    planned = {each.consultant_id: each for each in hours or ()}
    people = {cid: alias for cid, (alias, _) in handled.items()}
    people |= {cid: person.alias for cid, person in planned.items()}
    figures = []
    for consultant_id, alias in sorted(people.items(), key=lambda item: item[1].casefold()):
        counts = handled.get(consultant_id, ("", [0] * width))[1]
        shift = planned.get(consultant_id)
        figures.append(
            ConsultantFigures(
                consultant_id=consultant_id,
                alias=alias,
                handled=tuple(rules.withheld(count, min_count) for count in counts),
                shift_hours=_hours_of(shift, known=hours is not None, width=width),
            )
        )
    return tuple(figures)


def _hours_of(shift: ConsultantShiftHours | None, *, known: bool, width: int) -> tuple[float | None, ...]:
    if shift is not None:
        return tuple(shift.hours)
    return (0.0,) * width if known else (None,) * width
