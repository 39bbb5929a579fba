"""Entry points over NATS: candidates, presence heartbeats, who is on shift, load events."""

from __future__ import annotations

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from peerline_directory.consultants import live, load, routing, shift_hours
from peerline_directory.consultants.repository import ConsultantRepository
from peerline_directory.consultants.roster import RosterCache
from peerline_directory.settings import DirectorySettings
from peerline_shared.bus import BusRouter, Publisher, publish_event
from peerline_shared.db import unit_of_work
from peerline_shared.events import (
    CandidatesFound,
    CommandResult,
    ConsultantPresenceChanged,
    ConversationEvent,
    FindCandidates,
    GetShiftHours,
    ListOnShift,
    OnShiftListed,
    ReportPresence,
    ShiftHoursListed,
    utc_now,
)
from peerline_shared.events import subjects as subj
from peerline_shared.logging import get_logger

QUEUE = "directory"
log = get_logger()
router = BusRouter()
Sessions = async_sessionmaker[AsyncSession]


@router.rpc(subject=subj.RPC_DIRECTORY_CANDIDATES, request=FindCandidates, reply=CandidatesFound, queue=QUEUE)
async def on_find(
    query: FindCandidates, roster: RosterCache, redis: Redis, sessions: Sessions
) -> CandidatesFound:
    return await routing.find_candidates(query, roster, redis, sessions, utc_now())


@router.rpc(subject=subj.RPC_DIRECTORY_ON_SHIFT, request=ListOnShift, reply=OnShiftListed, queue=QUEUE)
async def on_list(query: ListOnShift, roster: RosterCache, redis: Redis, sessions: Sessions) -> OnShiftListed:
    return await routing.list_on_shift(query.at or utc_now(), roster, redis, sessions)


@router.rpc(subject=subj.RPC_DIRECTORY_SHIFT_HOURS, request=GetShiftHours, reply=ShiftHoursListed,
            queue=QUEUE)
async def on_shift_hours(query: GetShiftHours, sessions: Sessions) -> ShiftHoursListed:
    async with sessions() as session:
        return await shift_hours.list_shift_hours(session, query)


@router.rpc(subject=subj.RPC_DIRECTORY_PRESENCE, request=ReportPresence, reply=CommandResult, queue=QUEUE)
async def on_presence(
    command: ReportPresence, bus: Publisher, redis: Redis, sessions: Sessions, settings: DirectorySettings
) -> CommandResult:
    async with sessions() as session:
        consultant = await ConsultantRepository.from_session(session).get(command.consultant_id)
    if consultant is None or not consultant.active:
        return CommandResult(ok=False, error="unknown_consultant", detail="no active consultant with this id")
    previous = await live.set_presence(redis, consultant.id, command.status, settings.presence_ttl_seconds)
    if previous != command.status:
        log.info("directory.presence_changed", consultant_id=str(consultant.id), status=command.status)
        changed = ConsultantPresenceChanged(consultant_id=consultant.id, alias=consultant.alias,
                                            status=command.status, trace_id=command.trace_id)
        await publish_event(bus, changed, subj.CONSULTANT_PRESENCE)
    return CommandResult(ok=True)


async def on_load_event(event: ConversationEvent, redis: Redis, sessions: Sessions) -> None:
    consumer = load.consumer_of(event)
    async with unit_of_work(sessions) as session:
        changed = await load.apply_conversation_event(session, event, consumer, utc_now())
    # Always after the commit, also for a redelivery: the mirror follows the tables.
    await routing.rebuild_mirror(sessions, redis)
    log.info("directory.load_event", consumer=consumer, changed=changed,
             conversation_id=str(event.conversation_id))


# One durable consumer per followed conversation event, all with the same handler.
for _event_name, _model in load.FOLLOWED.items():
    router.consume(subject=subj.conversation(_event_name), durable=load.consumer_name(_event_name),
                   model=_model)(on_load_event)
