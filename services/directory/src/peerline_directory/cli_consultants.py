"""`peerline consultant …` and `peerline shift …` (also under `peerline directory …`)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated

import typer
from rich.table import Table
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from peerline_directory.cli_support import console, reported_errors, split_list, with_sessions
from peerline_directory.consultants import management
from peerline_directory.consultants.access import access_changed, announce_from_cli
from peerline_directory.consultants.repository import ConsultantRepository
from peerline_directory.consultants.roster import member_of
from peerline_directory.consultants.schemas import ConsultantIn, OverrideIn, SlotIn
from peerline_directory.domain.shifts import WEEKDAYS, OverrideKind
from peerline_directory.settings import DirectorySettings
from peerline_shared.db import unit_of_work
from peerline_shared.events import utc_now

consultant_app = typer.Typer(name="consultant", help="Add, list and deactivate consultants.",
                             no_args_is_help=True)
shift_app = typer.Typer(name="shift", help="Weekly shifts and one-off extra shifts, leave, sick days.",
                        no_args_is_help=True)
Sessions = async_sessionmaker[AsyncSession]


@consultant_app.command("add")
def consultant_add(
    alias: Annotated[str, typer.Argument(help="the only name clients ever see")],
    lang: Annotated[list[str], typer.Option(help="uk, ru, en (repeat or comma-separate)")],
    topic: Annotated[list[str] | None, typer.Option(help="ost, hiv, legal, … (repeatable)")] = None,
    country: Annotated[list[str] | None, typer.Option(help="ISO codes served, e.g. UA, PL")] = None,
    capacity: Annotated[int, typer.Option(help="max concurrent conversations")] = 3,
    role: Annotated[str, typer.Option(help="consultant, supervisor or admin")] = "consultant",
    telegram_id: Annotated[str | None, typer.Option(help="their own Telegram user id")] = None,
    time_zone: Annotated[str, typer.Option(help="IANA zone of their shifts")] = "Europe/Kyiv",
) -> None:
    """Add a consultant."""
    with reported_errors():
        data = ConsultantIn.model_validate({
            "alias": alias, "languages": split_list(lang), "topics": split_list(topic),
            "countries": split_list(country), "capacity": capacity, "role": role,
            "telegram_user_id": telegram_id, "time_zone": time_zone})

    async def work(sessions: Sessions) -> str:
        async with unit_of_work(sessions) as session:
            row = await management.create_consultant(ConsultantRepository(session), data, utc_now())
            return str(row.id)

    console.print(f"added {alias} ({with_sessions(work)})")


@consultant_app.command("list")
def consultant_list(
    all_: Annotated[bool, typer.Option("--all", help="include deactivated consultants")] = False,
) -> None:
    """List consultants, with whether each is on shift right now."""
    async def work(sessions: Sessions) -> Table:
        table = Table("alias", "id", "role", "languages", "topics", "capacity", "tz", "active", "on shift")
        now = utc_now()
        async with sessions() as session:
            repo = ConsultantRepository(session)
            for c in await repo.list_consultants(active_only=not all_):
                member = member_of(c, await repo.list_slots(consultant_id=c.id),
                                   await repo.list_overrides(consultant_id=c.id))
                table.add_row(c.alias, str(c.id), c.role, ",".join(c.languages), ",".join(c.topics),
                              str(c.capacity), c.time_zone, "yes" if c.active else "no",
                              "yes" if member.on_shift(now) else "no")
        return table

    console.print(with_sessions(work))


@consultant_app.command("deactivate")
def consultant_deactivate(consultant: Annotated[str, typer.Argument(help="alias or id")]) -> None:
    """Deactivate a consultant: no more routing to them (history stays)."""
    async def work(sessions: Sessions) -> str:
        async with unit_of_work(sessions) as session:
            row = await management.deactivate_consultant(ConsultantRepository(session), consultant, utc_now())
            event = access_changed(row.id, row.role, row.active)
            alias = row.alias
        announced = await announce_from_cli(DirectorySettings(), event)
        return alias if announced else f"{alias} (NOT announced to the gateway: NATS unreachable; repeat)"

    console.print(f"deactivated {with_sessions(work)}")


def _has_time(text: str) -> bool:
    return "T" in text or " " in text


def _day_start(text: str) -> datetime:
    if _has_time(text):
        return datetime.fromisoformat(text)
    return datetime.combine(date.fromisoformat(text), datetime.min.time())


def _day_end(text: str) -> datetime:
    # A bare date as the end means "through that day".
    return datetime.fromisoformat(text) if _has_time(text) else _day_start(text) + timedelta(days=1)


@shift_app.command("add")
def shift_add(
    consultant: Annotated[str, typer.Argument(help="alias or id")],
    weekday: Annotated[str | None, typer.Argument(help="weekly slot: mon … sun")] = None,
    span: Annotated[str | None, typer.Argument(help="weekly slot: 22:00-06:00")] = None,
    kind: Annotated[OverrideKind | None, typer.Option(help="one-off: extra, leave or sick")] = None,
    from_: Annotated[str | None, typer.Option("--from", help="2025-10-25T22:00 or 2025-10-20")] = None,
    to: Annotated[str | None, typer.Option(help="2025-10-26T06:00 or 2025-10-27 (inclusive)")] = None,
) -> None:
    """Add a weekly slot (`Olena sat 22:00-06:00`) or a one-off (`Olena --kind leave --from … --to …`).

    Times are the consultant's local wall-clock time (their time zone, Europe/Kyiv by default).
    """
    with reported_errors():
        if kind is not None:
            if not (from_ and to):
                raise typer.BadParameter("--kind needs --from and --to")
            data: SlotIn | OverrideIn = OverrideIn(kind=kind, starts=_day_start(from_), ends=_day_end(to))
        elif weekday and span:
            starts, _, ends = span.partition("-")
            data = SlotIn(weekday=weekday, starts=starts, ends=ends)
        else:
            raise typer.BadParameter("give WEEKDAY and SPAN, or --kind with --from and --to")

    async def work(sessions: Sessions) -> str:
        async with unit_of_work(sessions) as session:
            repo = ConsultantRepository(session)
            if isinstance(data, SlotIn):
                slot = await management.add_slot(repo, consultant, data, utc_now())
                return f"weekly {WEEKDAYS[slot.weekday]} {slot.starts:%H:%M}-{slot.ends:%H:%M}"
            override = await management.add_override(repo, consultant, data, utc_now())
            return f"{override.kind} {override.starts:%Y-%m-%d %H:%M} → {override.ends:%Y-%m-%d %H:%M}"

    console.print(f"added {with_sessions(work)} for {consultant}")


@shift_app.command("list")
def shift_list(consultant: Annotated[str | None, typer.Argument(help="alias or id")] = None) -> None:
    """Shifts of one consultant, or of everyone."""
    async def work(sessions: Sessions) -> Table:
        table = Table("consultant", "kind", "when (local)", "tz", "id")
        async with sessions() as session:
            repo = ConsultantRepository(session)
            people = ([await management.find_consultant(repo, consultant)] if consultant
                      else list(await repo.list_consultants(active_only=True)))
            for person in people:
                for slot in await repo.list_slots(consultant_id=person.id):
                    table.add_row(person.alias, "weekly", f"{WEEKDAYS[slot.weekday]} "
                                  f"{slot.starts:%H:%M}-{slot.ends:%H:%M}", person.time_zone, str(slot.id))
                for o in await repo.list_overrides(consultant_id=person.id):
                    table.add_row(person.alias, o.kind, f"{o.starts_local:%Y-%m-%d %H:%M} → "
                                  f"{o.ends_local:%Y-%m-%d %H:%M}", person.time_zone, str(o.id))
        return table

    console.print(with_sessions(work))
