"""The console's referral search over NATS request/reply."""

from __future__ import annotations

from peerline_directory.helpservices import service
from peerline_directory.helpservices.repository import HelpServiceRepository
from peerline_shared.broker import rpc_handler
from peerline_shared.events import HelpServicesFound, SearchHelpServices, utc_now
from peerline_shared.events import subjects as subj
from peerline_shared.runtime import Runtime


def register(runtime: Runtime) -> None:
    @rpc_handler(runtime.broker, subject=subj.RPC_DIRECTORY_SEARCH, model=SearchHelpServices,
                 queue="directory")
    async def on_search(query: SearchHelpServices) -> HelpServicesFound:
        async with runtime.sessions() as session:
            return await service.search(HelpServiceRepository.from_session(session), query,
                                        utc_now().date())
