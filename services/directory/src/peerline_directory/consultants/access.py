"""The directory is the one owner of a consultant's role and active state. After every committed
change of either (management RPCs, admin HTTP API, CLI) it announces `ConsultantAccessChanged`;
the gateway copies it onto the console account and ends that consultant's console sessions.

Announcing happens after the commit: a failed publish leaves the change made and is logged as
an error (the gateway still refuses a deactivated consultant's next sign-in only once the
announcement arrives, so the operator should repeat the change)."""

from __future__ import annotations

import asyncio
import uuid

from peerline_directory.settings import DirectorySettings
from peerline_shared.bus import Publisher, create_bus, publish_event
from peerline_shared.events import ConsultantAccessChanged
from peerline_shared.events import subjects as subj
from peerline_shared.logging import get_logger

log = get_logger()
CLI_CONNECT_TIMEOUT_S = 5.0


def access_changed(consultant_id: uuid.UUID, role: str, active: bool) -> ConsultantAccessChanged:
    return ConsultantAccessChanged(consultant_id=consultant_id, role=role, active=active)


async def announce(bus: Publisher, event: ConsultantAccessChanged) -> bool:
    try:
        await publish_event(bus, event, subj.CONSULTANT_ACCESS)
    except Exception as exc:  # the change is committed; say loudly that sessions were not ended
        log.error("directory.access_not_announced", consultant_id=str(event.consultant_id),
                  error_type=type(exc).__name__)
        return False
    log.info("directory.access_announced", consultant_id=str(event.consultant_id), role=event.role,
             active=event.active)
    return True


async def announce_from_cli(settings: DirectorySettings, event: ConsultantAccessChanged) -> bool:
    """The CLI has no running bus: connect once, announce, close."""
    bus = create_bus(settings, client_name="peerline-directory-cli")
    try:
        await asyncio.wait_for(bus.connect(), CLI_CONNECT_TIMEOUT_S)
        return await announce(bus, event)
    except Exception as exc:  # no NATS: the operator is told, the change stays
        log.error("directory.access_not_announced", consultant_id=str(event.consultant_id),
                  error_type=type(exc).__name__)
        return False
    finally:
        await bus.stop()
