"""Console commands signed as the gateway signs them, with the development key the services
use when `PEERLINE_ACTOR_KEY` is not set (tests that talk to a service over the bus)."""

from __future__ import annotations

from typing import TypeVar

from peerline_shared.actors import signed
from peerline_shared.events.base import utc_now
from peerline_shared.settings import DEV_SECRET_PREFIX

M = TypeVar("M")
DEV_ACTOR_KEY = f"{DEV_SECRET_PREFIX}actor-key-change-me".encode()


def as_gateway(message: M, key: bytes = DEV_ACTOR_KEY) -> M:
    """`message` with its actor signed by the gateway (valid for a minute)."""
    return signed(message, key, utc_now())
