"""Candidates and "who is on shift": the roster snapshot, live state from Redis, the ranking."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import cast, get_args

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from peerline_directory.consultants.live import LiveState, read_live, write_mirror
from peerline_directory.consultants.repository import LoadRepository
from peerline_directory.consultants.roster import Member, RosterCache
from peerline_directory.domain.ranking import Need, Person, on_shift_roster, rank
from peerline_directory.domain.telegram_notices import Linked, on_call_for_emergency
from peerline_shared.events import (
    Candidate,
    CandidatesFound,
    ConsultantStatus,
    FindCandidates,
    Lang,
    OnShiftListed,
)

WIRE_LANGS = frozenset(get_args(Lang))


def wire_langs(languages: Iterable[str]) -> tuple[Lang, ...]:
    return tuple(cast(Lang, lang) for lang in sorted(languages) if lang in WIRE_LANGS)


async def rebuild_mirror(sessions: async_sessionmaker[AsyncSession], redis: Redis) -> None:
    """Rewrite Redis's load/idle mirror from the database (the source of truth)."""
    async with sessions() as session:
        repo = LoadRepository(session)
        load, idle = await repo.load_counts(), await repo.last_assigned()
    await write_mirror(redis, load, idle)


async def people_on_shift(members: tuple[Member, ...], at: datetime, redis: Redis,
                          sessions: async_sessionmaker[AsyncSession]) -> list[Person]:
    if at.tzinfo is None:  # a caller's naive instant is taken as UTC, never as server time
        at = at.replace(tzinfo=UTC)
    on_shift = [member for member in members if member.on_shift(at)]
    live = await _live(redis, sessions, on_shift)
    return [member.person(live, on_shift=True) for member in on_shift]


async def _live(redis: Redis, sessions: async_sessionmaker[AsyncSession],
                members: list[Member]) -> LiveState:
    ids = [member.consultant_id for member in members]
    live = await read_live(redis, ids)
    if not live.mirror_built:
        await rebuild_mirror(sessions, redis)
        live = await read_live(redis, ids)
    return live


def as_candidate(person: Person, need: Need | None = None) -> Candidate:
    return Candidate(
        consultant_id=person.consultant_id, alias=person.alias, role=person.role,
        languages=wire_langs(person.languages), load=person.load, capacity=person.capacity,
        topic_match=need is not None and bool(person.topics & need.topics),
        telegram_notify=person.has_telegram,
    )


async def find_candidates(query: FindCandidates, roster: RosterCache, redis: Redis,
                          sessions: async_sessionmaker[AsyncSession], now: datetime) -> CandidatesFound:
    members, at = await roster.members(), query.at or now
    people = await people_on_shift(members, at, redis, sessions)
    need = Need(lang=query.lang, topics=frozenset(query.topics), country=query.country)
    ranking = rank(people, need)
    return CandidatesFound(
        candidates=tuple(as_candidate(p, need) for p in ranking.candidates),
        supervisors=tuple(as_candidate(p) for p in ranking.supervisors),
        on_shift_count=ranking.on_shift_count,
        on_call=on_call(members, at, query.lang) if query.urgency == "emergency" else (),
    )


def on_call(members: Iterable[Member], at: datetime, lang: str) -> tuple[uuid.UUID, ...]:
    """Who is DMed about an emergency in `lang` while off shift (active and linked only)."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return tuple(
        member.consultant_id for member in members
        if member.profile.active and member.profile.has_telegram and on_call_for_emergency(
            Linked(role=member.profile.role, mode=member.profile.telegram_notify,
                   on_shift=member.on_shift(at), languages=member.profile.languages), lang)
    )


async def list_on_shift(at: datetime, roster: RosterCache, redis: Redis,
                        sessions: async_sessionmaker[AsyncSession]) -> OnShiftListed:
    people = await people_on_shift(await roster.members(), at, redis, sessions)
    return OnShiftListed(consultants=tuple(
        ConsultantStatus(
            consultant_id=p.consultant_id, alias=p.alias, role=p.role,
            languages=wire_langs(p.languages),
            topics=tuple(sorted(p.topics)), presence=p.presence, on_shift=True,
            load=p.load, capacity=p.capacity,
        )
        for p in on_shift_roster(people)
    ))
