"""Specialist kinds and specialists: what the console and notifications ask, what supervisors change."""

from __future__ import annotations

from datetime import datetime, time

from peerline_directory.consultants.models import Consultant
from peerline_directory.domain.shifts import WeeklySlot
from peerline_directory.domain.specialists import next_available
from peerline_directory.errors import InvalidInput, NotFound
from peerline_directory.specialists.models import Specialist, SpecialistKind
from peerline_directory.specialists.repository import SpecialistRepository
from peerline_shared.events import (
    AvailabilityWindow,
    ListSpecialists,
    SaveSpecialist,
    SaveSpecialistKind,
    SpecialistKindView,
    SpecialistsListed,
    SpecialistView,
)


def weekly_windows(stored: list[dict[str, object]]) -> list[WeeklySlot]:
    return [WeeklySlot(int(str(w["weekday"])), time.fromisoformat(str(w["starts"])),
                       time.fromisoformat(str(w["ends"]))) for w in stored]


def specialist_view(specialist: Specialist, consultant: Consultant, now: datetime) -> SpecialistView:
    nxt = next_available(weekly_windows(specialist.availability), consultant.time_zone, now)
    return SpecialistView(
        consultant_id=consultant.id, alias=consultant.alias, role=consultant.role,  # type: ignore[arg-type]
        languages=tuple(consultant.languages), kinds=tuple(specialist.kinds),  # type: ignore[arg-type]
        time_zone=consultant.time_zone,
        availability=tuple(AvailabilityWindow.model_validate(w) for w in specialist.availability),
        available_now=nxt == now, next_available_at=nxt,
    )


async def list_specialists(
    repo: SpecialistRepository, query: ListSpecialists, now: datetime
) -> SpecialistsListed:
    kinds = tuple(SpecialistKindView(key=k.key, label=k.label) for k in await repo.list_kinds())
    people = [
        specialist_view(specialist, consultant, now)
        for specialist, consultant in await repo.list_active()
        if (query.kind is None or query.kind in specialist.kinds)
        and (query.consultant_id is None or consultant.id == query.consultant_id)
    ]
    return SpecialistsListed(kinds=kinds, specialists=tuple(people))


async def save_kind(repo: SpecialistRepository, command: SaveSpecialistKind, now: datetime) -> None:
    existing = await repo.get_kind(command.key)
    if existing is None:
        await repo.add_kind(SpecialistKind(key=command.key, label=command.label.strip(), created_at=now))
    else:
        existing.label = command.label.strip()


async def save_specialist(
    repo: SpecialistRepository, consultant: Consultant | None, command: SaveSpecialist, now: datetime
) -> None:
    """Replace the consultant's kinds and availability; no kinds makes them a peer only."""
    if consultant is None:
        raise NotFound("no such consultant")
    known = {kind.key for kind in await repo.list_kinds()}
    unknown = sorted(set(command.kinds) - known)
    if unknown:
        raise InvalidInput(f"unknown specialist kind: {', '.join(unknown)} (add it first)")
    current = await repo.get(consultant.id)
    if not command.kinds:
        if current is not None:
            await repo.delete(current)
        return
    windows = [w.model_dump() for w in command.availability]
    if current is None:
        await repo.add(Specialist(consultant_id=consultant.id, kinds=list(dict.fromkeys(command.kinds)),
                                  availability=windows, updated_at=now))
    else:
        current.kinds, current.availability = list(dict.fromkeys(command.kinds)), windows
        current.updated_at = now
