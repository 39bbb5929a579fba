"""Entry points over NATS: who the specialists are (notifications, the console), and the
supervisors' changes to kinds and specialists."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from peerline_directory.consultants.management_handlers import require_manager
from peerline_directory.consultants.repository import ConsultantRepository
from peerline_directory.errors import DirectoryError
from peerline_directory.specialists import service
from peerline_directory.specialists.repository import SpecialistRepository
from peerline_shared.bus import BusRouter
from peerline_shared.db import unit_of_work
from peerline_shared.events import (
    CommandResult,
    ListSpecialists,
    SaveSpecialist,
    SaveSpecialistKind,
    SpecialistsListed,
    utc_now,
)
from peerline_shared.events import subjects as subj
from peerline_shared.logging import get_logger

QUEUE = "directory"
log = get_logger()
router = BusRouter()
Sessions = async_sessionmaker[AsyncSession]


@router.rpc(subject=subj.RPC_DIRECTORY_SPECIALISTS, request=ListSpecialists, reply=SpecialistsListed,
            queue=QUEUE)
async def on_list(query: ListSpecialists, sessions: Sessions) -> SpecialistsListed:
    async with sessions() as session:
        return await service.list_specialists(SpecialistRepository.from_session(session), query, utc_now())


@router.rpc(subject=subj.RPC_DIRECTORY_MANAGE_SAVE_SPECIALIST_KIND, request=SaveSpecialistKind,
            reply=CommandResult, queue=QUEUE, actor=True)
async def on_save_kind(command: SaveSpecialistKind, sessions: Sessions) -> CommandResult:
    try:
        require_manager(command.actor)
        async with unit_of_work(sessions) as session:
            await service.save_kind(SpecialistRepository.from_session(session), command, utc_now())
    except DirectoryError as error:
        return CommandResult(ok=False, error=error.code, detail=error.detail)
    log.info("directory.managed", action="save_specialist_kind", by=str(command.actor.consultant_id))
    return CommandResult(ok=True)


@router.rpc(subject=subj.RPC_DIRECTORY_MANAGE_SAVE_SPECIALIST, request=SaveSpecialist,
            reply=CommandResult, queue=QUEUE, actor=True)
async def on_save_specialist(command: SaveSpecialist, sessions: Sessions) -> CommandResult:
    try:
        require_manager(command.actor)
        async with unit_of_work(sessions) as session:
            consultant = await ConsultantRepository.from_session(session).get(command.consultant_id)
            await service.save_specialist(SpecialistRepository.from_session(session), consultant, command,
                                          utc_now())
    except DirectoryError as error:
        return CommandResult(ok=False, error=error.code, detail=error.detail)
    log.info("directory.managed", action="save_specialist", by=str(command.actor.consultant_id),
             consultant_id=str(command.consultant_id))
    return CommandResult(ok=True)
