"""The directory's word on who may use the console: `ConsultantAccessChanged` (role, active).

One gateway process applies each event (a shared durable): it copies role and active onto the
console account, and when they changed it ends every session of that consultant; every
gateway process then closes their console sockets (console/hub.py)."""

from __future__ import annotations

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from peerline_gateway.accounts.service import apply_access
from peerline_gateway.console.sessions import SessionStore
from peerline_gateway.settings import GatewaySettings
from peerline_shared.bus import BusRouter
from peerline_shared.db import unit_of_work
from peerline_shared.events import ConsultantAccessChanged
from peerline_shared.events import subjects as subj
from peerline_shared.logging import get_logger

log = get_logger()
router = BusRouter()


def session_store(redis: Redis, settings: GatewaySettings) -> SessionStore:
    return SessionStore(redis, settings.console_idle_minutes * 60, settings.console_absolute_hours * 3600)


@router.consume(subject=subj.CONSULTANT_ACCESS, durable="gateway-consultant-access",
                model=ConsultantAccessChanged)
async def on_access_changed(
    event: ConsultantAccessChanged,
    sessions: async_sessionmaker[AsyncSession],
    redis: Redis,
    settings: GatewaySettings,
) -> None:
    async with unit_of_work(sessions) as session:
        changed = await apply_access(session, event.consultant_id, role=event.role, active=event.active)
    if changed or not event.active:
        await session_store(redis, settings).end_all(event.consultant_id)
    log.info("console.access_applied", consultant_id=str(event.consultant_id), role=event.role,
             active=event.active, sessions_ended=changed or not event.active)
