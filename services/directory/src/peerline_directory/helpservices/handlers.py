"""The console's referral search over NATS request/reply."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from peerline_directory.helpservices import service
from peerline_directory.helpservices.repository import HelpServiceRepository
from peerline_shared.bus import BusRouter
from peerline_shared.events import HelpServicesFound, SearchHelpServices, utc_now
from peerline_shared.events import subjects as subj

router = BusRouter()


@router.rpc(subject=subj.RPC_DIRECTORY_SEARCH, request=SearchHelpServices, reply=HelpServicesFound,
            queue="directory")
async def on_search(
    query: SearchHelpServices, sessions: async_sessionmaker[AsyncSession]
) -> HelpServicesFound:
    async with sessions() as session:
        return await service.search(HelpServiceRepository.from_session(session), query, utc_now().date())
