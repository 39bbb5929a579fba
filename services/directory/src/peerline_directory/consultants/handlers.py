"""Entry points over NATS: candidates, presence heartbeats, who is on shift, load events."""

from __future__ import annotations

from peerline_directory.consultants import live, load, routing
from peerline_directory.consultants.repository import ConsultantRepository
from peerline_directory.consultants.roster import RosterCache
from peerline_directory.settings import DirectorySettings
from peerline_shared.broker import consume, publish_event, rpc_handler
from peerline_shared.db import unit_of_work
from peerline_shared.events import (
    CandidatesFound,
    CommandResult,
    ConsultantPresenceChanged,
    ConversationEvent,
    FindCandidates,
    ListOnShift,
    OnShiftListed,
    ReportPresence,
    utc_now,
)
from peerline_shared.events import subjects as subj
from peerline_shared.logging import get_logger
from peerline_shared.runtime import Runtime

QUEUE = "directory"
log = get_logger()


def register(runtime: Runtime, roster: RosterCache, settings: DirectorySettings) -> None:
    broker = runtime.broker

    @rpc_handler(broker, subject=subj.RPC_DIRECTORY_CANDIDATES, model=FindCandidates, queue=QUEUE)
    async def on_find(query: FindCandidates) -> CandidatesFound:
        return await routing.find_candidates(query, roster, runtime.redis, runtime.sessions, utc_now())

    @rpc_handler(broker, subject=subj.RPC_DIRECTORY_ON_SHIFT, model=ListOnShift, queue=QUEUE)
    async def on_list(query: ListOnShift) -> OnShiftListed:
        return await routing.list_on_shift(query.at or utc_now(), roster, runtime.redis, runtime.sessions)

    @rpc_handler(broker, subject=subj.RPC_DIRECTORY_PRESENCE, model=ReportPresence, queue=QUEUE)
    async def on_presence(command: ReportPresence) -> CommandResult:
        async with runtime.sessions() as session:
            consultant = await ConsultantRepository.from_session(session).get(command.consultant_id)
        if consultant is None or not consultant.active:
            return CommandResult(ok=False, error="unknown_consultant",
                                 detail="no active consultant with this id")
        previous = await live.set_presence(runtime.redis, consultant.id, command.status,
                                           settings.presence_ttl_seconds)
        if previous != command.status:
            log.info("directory.presence_changed", consultant_id=str(consultant.id),
                     status=command.status)
            changed = ConsultantPresenceChanged(consultant_id=consultant.id, alias=consultant.alias,
                                                status=command.status, trace_id=command.trace_id)
            await publish_event(broker, changed, subj.CONSULTANT_PRESENCE)
        return CommandResult(ok=True)

    for event_name, model in load.FOLLOWED.items():
        _follow(runtime, event_name, model)


def _follow(runtime: Runtime, event_name: str, model: type[ConversationEvent]) -> None:
    consumer = load.consumer_name(event_name)

    @consume(runtime.broker, subject=subj.conversation(event_name), durable=consumer, model=model)
    async def on_event(event: ConversationEvent) -> None:
        async with unit_of_work(runtime.sessions) as session:
            changed = await load.apply_conversation_event(session, event, consumer, utc_now())
        # Always after the commit, also for a redelivery: the mirror follows the tables.
        await routing.rebuild_mirror(runtime.sessions, runtime.redis)
        log.info("directory.load_event", consumer=consumer, changed=changed,
                 conversation_id=str(event.conversation_id))
